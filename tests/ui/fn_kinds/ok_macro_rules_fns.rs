// Fns produced by `macro_rules!`, with the attribute written in the macro and passed to it, pub and
// private, free and associated, and several from one macro call.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

macro_rules! loaders {
    ($($vis:vis fn $name:ident() -> $n:literal;)*) => {$(
        #[may_sleep]
        $vis fn $name() -> u32 {
            $n
        }
    )*};
}

loaders! {
    pub fn load_kernel() -> 1;
    fn load_initrd() -> 2;
    pub(crate) fn load_cmdline() -> 3;
}

macro_rules! passed_through {
    ($item:item) => {
        $item
    };
}

passed_through! {
    #[nmi_safe]
    fn checked() -> u32 {
        4
    }
}

struct Image;

macro_rules! constructors {
    ($($name:ident),*) => {
        impl Image {$(
            #[may_sleep]
            pub fn $name() -> Image {
                Image
            }
        )*}
    };
}

constructors!(open, create);

fn main() {
    let _images = [Image::open(), Image::create()];
    assert_eq!(load_kernel() + load_initrd() + load_cmdline() + checked(), 10);
}
