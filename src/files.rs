//! Every file dcplan reads or writes goes through here, so the rules hold for all of them.
//!
//! * [`read`]: regular files only (a FIFO, device or directory is refused at once, before it
//!   can block or stream forever), at most a stated size per [`Kind`], read whole.
//! * [`write()`]: an existing file is replaced only when asked; a path that is not a regular
//!   file, or that is one of the command's own inputs, is refused; the bytes go to a
//!   temporary file beside the target that is renamed over it when complete, so a reader never
//!   sees half a document, and the temporary file is removed on every error path and, through
//!   [`remove_pending`], when the process is interrupted.

mod input;
mod output;

pub use input::{Kind, read};
pub use output::{Overwrite, WriteError, check_writable, remove_pending, write};
