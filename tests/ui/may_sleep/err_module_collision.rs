// Documented limit: a `#[may_sleep]` fn re-exported next to a module of the same name
// (`mod join; pub use join::join;`): its marker struct collides with the module.
mod join {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn join() {}
}

pub use join::join;

fn main() {
    join();
}
