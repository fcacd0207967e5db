//! Writing an output file: refuse what must not be replaced, then write beside and rename.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::Kind;
use super::input::describe;

/// Whether [`write()`] may replace a file that already exists (`--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse: an existing file is an error.
    Never,
    /// Replace an existing regular file (keeping its permissions).
    Replace,
}

/// Why an output file was not written. Nothing was changed on disk in any case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and replacing it was not asked for (a shell says how to ask: the
    /// command line's `--force`, a terminal UI's confirmation).
    #[error("{} already exists", path.display())]
    Exists {
        /// The path as given.
        path: PathBuf,
    },
    /// The path names something other than a regular file: a directory, a device, a FIFO
    /// (or a symbolic link to one, or to nothing).
    #[error("{} is {what}, not a regular file; choose a file to write to", path.display())]
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is, with its article ("a directory").
        what: &'static str,
    },
    /// The path is one of the files the command read: writing would destroy its input.
    #[error("{} is the {} this command reads; write to another file", path.display(), kind.noun())]
    IsInput {
        /// The path as given.
        path: PathBuf,
        /// Which input it is.
        kind: Kind,
    },
    /// The operating system refused (no such folder, no permission, disk full).
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The reason.
        source: io::Error,
    },
}

/// Temporary files being written, for [`remove_pending`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file a [`write()`] in progress has created. A command-line shell
/// calls this from its SIGINT/SIGTERM handler before exiting, so an interrupted write
/// leaves neither half a document nor a hidden temporary file; the target is untouched.
pub fn remove_pending() {
    remove_pending_where(|_| true);
}

/// Removes the temporary files in progress whose paths `pick` picks (a test removes only its
/// own, not those of tests running beside it).
fn remove_pending_where(pick: impl Fn(&Path) -> bool) {
    let pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    for path in pending.iter().filter(|p| pick(p)) {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes `bytes` to `path`, all or nothing.
///
/// Refused, leaving the disk as it was: an existing file unless `overwrite` is
/// [`Overwrite::Replace`]; a path that is not a regular file, even with `Replace` (writing a
/// document over `/dev/sda` or a FIFO is never meant); a path that is the same file as one
/// of `inputs` (by device and inode, so `./site.toml`, a hard link or a symbolic link to it
/// all count). A symbolic link to a regular file is followed: the file it names is replaced
/// and the link kept.
///
/// The bytes go to a temporary file in the target's folder, are synced, and the temporary
/// file is renamed over the target, which is atomic on one file system: readers see the old
/// file or the new one. A new file gets the usual permissions (0666 less the umask, as a
/// shell redirection would); a replaced one keeps its own.
pub fn write(
    path: &Path,
    bytes: &[u8],
    overwrite: Overwrite,
    inputs: &[(PathBuf, Kind)],
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    let Target {
        path: target,
        existing,
    } = check(path, overwrite, inputs)?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(io(io::Error::new(
            io::ErrorKind::NotFound,
            format!("there is no folder {}", dir.display()),
        )));
    }
    let mut tmp = Pending::create(dir, &target).map_err(|e| {
        // The temporary file's own name in the message would only confuse.
        io(io::Error::new(
            e.kind(),
            format!("cannot create a file in {}: {}", dir.display(), e.kind()),
        ))
    })?;
    tmp.file.write_all(bytes).map_err(io)?;
    tmp.file.as_file().sync_all().map_err(io)?;
    if let Some(metadata) = &existing {
        tmp.file
            .as_file()
            .set_permissions(metadata.permissions())
            .map_err(io)?;
    }
    tmp.persist(&target).map_err(io)
}

/// The file a write would replace or create.
struct Target {
    /// The path after following a symbolic link.
    path: PathBuf,
    /// Its metadata if it exists.
    existing: Option<std::fs::Metadata>,
}

/// Whether [`write()`] would accept `path`: the same refusals, without writing. A command
/// calls this before long work, so a run is not wasted on an output it will refuse.
pub fn check_writable(
    path: &Path,
    overwrite: Overwrite,
    inputs: &[(PathBuf, Kind)],
) -> Result<(), WriteError> {
    check(path, overwrite, inputs).map(drop)
}

fn check(
    path: &Path,
    overwrite: Overwrite,
    inputs: &[(PathBuf, Kind)],
) -> Result<Target, WriteError> {
    let (target, existing) = resolve(path).map_err(|source| WriteError::Io {
        path: path.to_owned(),
        source,
    })?;
    if let Some(metadata) = &existing {
        if !metadata.is_file() {
            return Err(WriteError::NotRegular {
                path: path.to_owned(),
                what: describe(metadata.file_type()),
            });
        }
        if let Some((_, kind)) = inputs
            .iter()
            .find(|(input, _)| same_file(&target, metadata, input))
        {
            return Err(WriteError::IsInput {
                path: path.to_owned(),
                kind: *kind,
            });
        }
        if overwrite == Overwrite::Never {
            return Err(WriteError::Exists {
                path: path.to_owned(),
            });
        }
    }
    Ok(Target {
        path: target,
        existing,
    })
}

/// The file to write (a symbolic link's target) and its metadata if it exists.
fn resolve(path: &Path) -> io::Result<(PathBuf, Option<std::fs::Metadata>)> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((path.to_owned(), None)),
        Err(e) => return Err(e),
    };
    if !link.file_type().is_symlink() {
        return Ok((path.to_owned(), Some(link)));
    }
    match std::fs::canonicalize(path) {
        Ok(target) => {
            let metadata = std::fs::metadata(&target)?;
            Ok((target, Some(metadata)))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(io::Error::new(
            io::ErrorKind::NotFound,
            "it is a symbolic link to a file that does not exist",
        )),
        Err(e) => Err(e),
    }
}

/// Whether `input` is the file `target` (described by `metadata`).
fn same_file(target: &Path, metadata: &std::fs::Metadata, input: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let _ = target;
        std::fs::metadata(input)
            .is_ok_and(|m| m.dev() == metadata.dev() && m.ino() == metadata.ino())
    }
    #[cfg(not(unix))]
    {
        // No inode to compare: the same canonical path.
        let _ = metadata;
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        canonical(input).is_some() && canonical(input) == canonical(target)
    }
}

/// A temporary file, registered in [`PENDING`] until it is renamed or dropped (dropping
/// deletes it).
struct Pending {
    file: tempfile::NamedTempFile,
    registration: Registration,
}

/// Removes its path from [`PENDING`] when dropped.
struct Registration(PathBuf);

impl Pending {
    /// Creates `.NAME.XXXXXX.tmp` in `dir`. Registration happens under the lock, so an
    /// interrupt cannot fall between creating the file and recording it.
    fn create(dir: &Path, target: &Path) -> io::Result<Pending> {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        let name = target
            .file_name()
            .map_or_else(|| "dcplan".into(), |n| n.to_string_lossy());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(dir)?;
        pending.push(file.path().to_owned());
        let registration = Registration(file.path().to_owned());
        Ok(Pending { file, registration })
    }

    /// Renames the file over `target`.
    fn persist(self, target: &Path) -> io::Result<()> {
        let Pending { file, registration } = self;
        let done = file.persist(target).map(drop).map_err(|e| e.error);
        drop(registration);
        done
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|p| *p != self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_and_replaces_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        write(&path, b"one", Overwrite::Never, &[]).unwrap();
        let e = write(&path, b"two", Overwrite::Never, &[]).unwrap_err();
        assert!(matches!(e, WriteError::Exists { .. }), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write(&path, b"two", Overwrite::Replace, &[]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["plan.json"]);
    }

    #[test]
    fn an_input_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site.toml");
        std::fs::write(&site, "site").unwrap();
        let inputs = [(site.clone(), Kind::Site)];
        let spelled = dir.path().join(".").join("site.toml");
        let e = write(&spelled, b"plan", Overwrite::Replace, &inputs).unwrap_err();
        assert!(
            matches!(
                e,
                WriteError::IsInput {
                    kind: Kind::Site,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(std::fs::read(&site).unwrap(), b"site");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(
            &dir.path().join("no/plan.json"),
            b"x",
            Overwrite::Never,
            &[],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "cannot write {}: there is no folder {}",
                dir.path().join("no/plan.json").display(),
                dir.path().join("no").display()
            )
        );
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn an_interrupt_removes_a_write_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = Pending::create(dir.path(), &dir.path().join("plan.json")).unwrap();
        let path = tmp.file.path().to_owned();
        assert!(path.exists());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".plan.json.") && path.extension().is_some_and(|e| e == "tmp"),
            "{name}"
        );
        // Only this test's: `remove_pending` would also delete the temporary files of the
        // tests writing beside it.
        remove_pending_where(|p| p.starts_with(dir.path()));
        assert!(!path.exists());
        drop(tmp);
        assert!(
            !PENDING
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(&path)
        );
    }
}
