//! Files certtrack reads from places it does not own, and files it writes.
//!
//! Reads are bounded by what is actually read, not by what the metadata claims (a symlink to
//! `/dev/zero` has length 0), and refuse anything but a regular file: a FIFO would block forever,
//! a device would read without end. A folder's files may not be symlinks that lead out of it.
//!
//! Writes are atomic: the content goes to a temporary file in the same directory, is synced, and
//! is renamed over the target, so a reader (or the next run after a kill, a full disk or a power
//! cut) finds either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::failpoint;

/// Read at most `limit` bytes of the regular file at `path`; more is an error, as is a FIFO,
/// a device, a socket or a directory.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut f = open_regular(path)?;
    let mut bytes = Vec::new();
    Read::by_ref(&mut f).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than the {} this file may have", human_size(limit)),
        ));
    }
    Ok(bytes)
}

/// `read_bounded` for a file that must stay inside `folder`: a symlink (anywhere on the way)
/// that resolves outside it is refused.
pub fn read_bounded_in(folder: &Path, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let root = fs::canonicalize(folder)?;
    let real = fs::canonicalize(path)?;
    if !real.starts_with(&root) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "it leads outside {} (to {}); copy the file into the folder instead",
                root.display(),
                real.display()
            ),
        ));
    }
    read_bounded(&real, limit)
}

/// Open for reading without blocking on a FIFO, and insist on a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking so opening a FIFO with no writer returns at once; no controlling tty.
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = opts.open(path)?;
    let kind = f.metadata()?.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() { "a directory" } else { "not a regular file (a pipe, socket or device)" };
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is {what}")));
    }
    Ok(f)
}

/// Write `path` atomically with whatever `fill` writes. With `replace` false an existing file is
/// an error and is never touched (the check and the final link are one step).
pub fn write_atomic(path: &Path, replace: bool, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let tmp = temp_beside(path);
    let result = write_temp(&tmp, fill).and_then(|()| publish(&tmp, path, replace));
    // Whatever happened, no temporary file is left behind (after a publish it is gone already).
    let _ = fs::remove_file(&tmp);
    result
}

fn write_temp(tmp: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    fill(&mut f)?;
    f.flush()?;
    failpoint::hit("write.filled");
    f.sync_all()
}

/// Move a complete, synced temporary file into place and sync the directory entry.
pub fn publish(tmp: &Path, path: &Path, replace: bool) -> io::Result<()> {
    if replace {
        fs::rename(tmp, path)?;
    } else {
        // link(2) fails if the name exists, so no other file can be overwritten in between.
        fs::hard_link(tmp, path).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => io::Error::new(e.kind(), "it already exists; choose a new file name"),
            _ => e,
        })?;
        fs::remove_file(tmp)?;
    }
    failpoint::hit("write.renamed");
    sync_dir(path)
}

/// Sync the directory holding `path`, so a rename or a new name survives a power cut.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// A fresh temporary name next to `path`: hidden, and unique per process and call.
pub fn temp_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path.file_name().map_or("file".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Is this one of our temporary names (left behind by a killed process)?
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded_by_what_is_read_not_by_metadata() {
        // /dev/zero reports a length of 0 and never ends.
        let err = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        fs::write(&big, vec![b'x'; 2048]).unwrap();
        let err = read_bounded(&big, 1024).unwrap_err();
        assert!(err.to_string().contains("larger than the 1 KiB"), "{err}");
        assert_eq!(read_bounded(&big, 2048).unwrap().len(), 2048);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.json");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_bounded(&fifo, 1024).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_folder_is_refused_and_one_inside_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("team");
        fs::create_dir(&folder).unwrap();
        fs::write(dir.path().join("secret"), "outside").unwrap();
        fs::write(folder.join("real.toml"), "inside").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), folder.join("out.toml")).unwrap();
        std::os::unix::fs::symlink(folder.join("real.toml"), folder.join("in.toml")).unwrap();
        let err = read_bounded_in(&folder, &folder.join("out.toml"), 100).unwrap_err();
        assert!(err.to_string().contains("leads outside"), "{err}");
        assert_eq!(read_bounded_in(&folder, &folder.join("in.toml"), 100).unwrap(), b"inside");
    }

    #[test]
    fn an_atomic_write_leaves_the_old_file_when_filling_fails_and_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, true, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        write_atomic(&path, true, |f| f.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn without_replace_an_existing_file_is_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "mine").unwrap();
        let err = write_atomic(&path, false, |f| f.write_all(b"theirs")).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "mine");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
