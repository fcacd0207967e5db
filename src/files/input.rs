//! Reading an input file: what it is, how big, then its bytes.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What an input file is, which sets its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A site file (TOML or JSON).
    Site,
    /// A weather year (EPW or TMY3 CSV).
    Weather,
    /// An hourly profile (8760 values).
    Profile,
    /// A plan document written by `dcplan plan -o`.
    Plan,
    /// A sweep spec (TOML).
    SweepSpec,
    /// A sweep's results (CSV).
    SweepResults,
}

impl Kind {
    /// The largest file of this kind that is read.
    ///
    /// Each is far above any real file and far below what would exhaust memory: a site of
    /// 50,000 halls is about 10 MiB; an hourly EPW is 1.6 MiB and a year at one-minute steps
    /// about 60 MiB; a profile of 8760 lines under 200 KiB; a full-resolution campus plan
    /// of ten years about 100 MiB.
    pub const fn limit(self) -> u64 {
        const MIB: u64 = 1 << 20;
        match self {
            Kind::Site | Kind::Weather | Kind::SweepSpec => 64 * MIB,
            Kind::Profile => 16 * MIB,
            Kind::Plan | Kind::SweepResults => 1024 * MIB,
        }
    }

    /// How messages name a file of this kind.
    pub const fn noun(self) -> &'static str {
        match self {
            Kind::Site => "site file",
            Kind::Weather => "weather file",
            Kind::Profile => "profile",
            Kind::Plan => "plan file",
            Kind::SweepSpec => "sweep spec",
            Kind::SweepResults => "sweep results file",
        }
    }
}

/// Reads a whole input file of `kind`.
///
/// Refused at once, with an error saying why: anything that is not a regular file after
/// following symbolic links (a directory, FIFO, socket or device such as `/dev/zero`), a
/// symbolic-link loop (the operating system's error), and a file larger than
/// [`Kind::limit`] — checked on the size before reading and again while reading, so a file
/// that grows cannot stream without end.
pub fn read(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    regular(&metadata, kind)?;
    let limit = kind.limit();
    if metadata.len() > limit {
        return Err(too_large(kind, metadata.len()));
    }
    let file = File::open(path)?;
    // The path may have been replaced between the two looks.
    regular(&file.metadata()?, kind)?;
    let mut content = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut content)?;
    if content.len() as u64 > limit {
        return Err(too_large(kind, content.len() as u64));
    }
    Ok(content)
}

/// An error unless `metadata` is a regular file's.
fn regular(metadata: &std::fs::Metadata, kind: Kind) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    let what = describe(metadata.file_type());
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "it is {what}, not a regular file; a {} must be a file",
            kind.noun()
        ),
    ))
}

/// Names a file type that is not a regular file, with its article.
pub(super) fn describe(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

fn too_large(kind: Kind, size: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "it is {}; a {} may be at most {}",
            mebibytes(size),
            kind.noun(),
            mebibytes(kind.limit())
        ),
    )
}

/// A size in MiB, as `64 MiB` when whole and `64.3 MiB` otherwise.
fn mebibytes(size: u64) -> String {
    let mib = size as f64 / f64::from(1 << 20);
    if size.is_multiple_of(1 << 20) {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_refused_with_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Kind::Site).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a directory, not a regular file; a site file must be a file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_reading() {
        let e = read(Path::new("/dev/zero"), Kind::Weather).unwrap_err();
        assert!(e.to_string().starts_with("it is a device"), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let file = File::create(&path).unwrap();
        file.set_len(Kind::Weather.limit() + (1 << 19)).unwrap();
        let e = read(&path, Kind::Weather).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is 64.5 MiB; a weather file may be at most 64 MiB"
        );
    }

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.txt");
        std::fs::write(&path, b"0.5\n").unwrap();
        assert_eq!(read(&path, Kind::Profile).unwrap(), b"0.5\n");
    }
}
