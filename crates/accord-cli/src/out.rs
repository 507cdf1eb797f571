//! The one writer for standard output.
//!
//! Every command prints through [`outln!`], [`out!`] or [`stdout`]. A closed pipe
//! (`accord evaluate FILE | head -1`) ends the process quietly with exit status 0: the reader
//! has what it wanted. Any other failure to write standard output (a full disk behind a
//! redirection, say) is reported on stderr and exits 1, as a file that cannot be written.
//! Files a command writes (results, traces, reports) are flushed before anything is printed
//! to standard output, so a closed pipe never loses them.

use std::fmt;
use std::io::{self, Write};

/// Standard output through this module's error policy; buffered, flushed on drop.
pub struct Stdout {
    inner: io::BufWriter<io::StdoutLock<'static>>,
}

/// The buffered standard output; write JSON streams and long texts through it.
pub fn stdout() -> Stdout {
    Stdout {
        inner: io::BufWriter::with_capacity(1 << 16, io::stdout().lock()),
    }
}

/// What a failed write to standard output does: nothing returns from it.
pub fn failed(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(1);
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).or_else(|e| failed(&e))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().or_else(|e| failed(&e))
    }
}

impl Drop for Stdout {
    fn drop(&mut self) {
        if let Err(e) = self.inner.flush() {
            failed(&e);
        }
    }
}

/// Writes formatted text to standard output (used by the macros).
pub fn write_fmt(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        failed(&e);
    }
}

/// `out!` through the policy of this module.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::out::write_fmt(format_args!($($arg)*)) };
}

/// `outln!` through the policy of this module.
#[macro_export]
macro_rules! outln {
    () => { $crate::out::write_fmt(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::out::write_fmt(format_args!("{}\n", format_args!($($arg)*))) };
}
