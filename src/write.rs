//! Atomic writes: a fixed or exported plan is either written whole or not at all.
//!
//! The new contents go to a temporary file in the target's directory (same file
//! system), are flushed to disk, get the original file's permissions, and are renamed
//! over the target. A crash leaves the old file or the new one, never half of either.
//! A symlinked plan is written through the link (the link stays a link).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Why a write was refused or failed.
#[derive(Debug)]
pub enum WriteError {
    ReadOnly(PathBuf),
    Exists(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ReadOnly(p) => write!(
                f,
                "{}: the file is read-only; nothing was written",
                p.display()
            ),
            WriteError::Exists(p) => {
                write!(
                    f,
                    "{}: already exists; pass --force to overwrite it",
                    p.display()
                )
            }
            WriteError::Io(p, e) => write!(f, "{}: cannot write: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Replaces the contents of an existing file atomically, keeping its permissions.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = fs::canonicalize(path).map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
    let meta = fs::metadata(&target).map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    write_via_temp(&target, bytes, Some(meta.permissions()))
        .map_err(|e| WriteError::Io(path.to_path_buf(), e))
}

/// Creates a file atomically; refuses to replace an existing one unless `force`.
pub fn create(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(_) if !force => return Err(WriteError::Exists(path.to_path_buf())),
        Ok(_) => return replace(path, bytes),
        Err(_) => {}
    }
    write_via_temp(path, bytes, None).map_err(|e| WriteError::Io(path.to_path_buf(), e))
}

fn write_via_temp(
    target: &Path,
    bytes: &[u8],
    permissions: Option<fs::Permissions>,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("plan");
    let tmp = dir.join(format!(
        ".{name}.plan-lint-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Some(p) = permissions {
            fs::set_permissions(&tmp, p)?;
        }
        fs::rename(&tmp, target)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_permissions_and_refuses_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.md");
        fs::write(&p, "old").unwrap();
        replace(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let mut perm = fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        fs::set_permissions(&p, perm).unwrap();
        assert!(matches!(replace(&p, b"x"), Err(WriteError::ReadOnly(_))));
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        // no temporary file is left behind
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.md");
        create(&p, b"a", false).unwrap();
        assert!(matches!(
            create(&p, b"b", false),
            Err(WriteError::Exists(_))
        ));
        create(&p, b"c", true).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "c");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}
