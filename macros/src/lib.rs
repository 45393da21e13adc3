//! The attributes of ctxlock: placeholder until `#[nmi_safe]` and `#[may_sleep]` land.
