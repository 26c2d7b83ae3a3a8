//! Safe writes: a fixed or exported plan is written whole or not at all, and a plan
//! is never made worse off by being written.
//!
//! What every write promises (SECURITY.md, "Writing files"):
//!
//! * **Permission first.** A plan is replaced only when this user may really write it:
//!   its mode is not read-only and `faccessat(W_OK, AT_EACCESS)` (effective ids; ACLs,
//!   read-only mounts and immutable files included) says yes, and its directory is
//!   writable. Otherwise nothing is created and the run exits 2.
//! * **Atomic.** The new contents go to a temporary file next to the target (same file
//!   system), named `.<name>.plan-lint-<pid>-<n>.tmp`, created `O_CREAT|O_EXCL` with the
//!   plan's own permission bits (`mode & 0o777`, so it is never more readable than the
//!   plan, not even for a moment), flushed, and renamed over the target. A crash
//!   leaves the old file or the new one, never half of either.
//! * **Metadata kept.** The temporary file gets the plan's owner and group (`fchown`;
//!   as root this always works, as a user only to ids the user may give away) and then
//!   its mode; a setuid (setgid) bit is kept only when the owner (group) was kept.
//!   Extended attributes (ACLs, labels, `user.*`) are copied best-effort on Linux.
//! * **No lost writes.** A fix passes what it read ([`Expected`]); just before the
//!   rename the target is read again and compared (size, modification time and every
//!   byte). If another process changed it meanwhile, nothing is written
//!   ([`WriteError::Changed`]). A change in the last instant between that check and
//!   the rename cannot be excluded without locks editors do not take.
//! * **The repository wall.** Given the repository root, a plan whose path lies inside
//!   the root but resolves (through a symlink) outside it is never written, whether a
//!   fix or `export --force`: [`WriteError::LeavesRoot`]. A symlink that stays inside
//!   the root is written through (the link stays a link). `export --force` onto a
//!   dangling symlink is refused.
//! * **No overwrite without `--force`.** [`create`] links the finished temporary file
//!   into place (`link(2)` fails when the name exists) instead of renaming it, so a
//!   file another process creates meanwhile is kept: [`WriteError::Exists`].
//! * **No litter.** [`sweep_stale`] removes temporary files of this naming that an
//!   interrupted run (`kill -9`, power loss) left: owned by this user, older than the
//!   run, and named after a process that is no longer running. Others are reported.

use super::fs_view::lexical;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Why a write was refused or failed. Nothing was written in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The file's mode has no write bit.
    ReadOnly(PathBuf),
    /// This user may not write the file (or its directory): `access(W_OK)` said no.
    NotWritable(PathBuf, io::Error),
    /// The file exists and `--force` was not given.
    Exists(PathBuf),
    /// The path lies inside the repository root but resolves outside it.
    LeavesRoot {
        /// The path as the caller named it.
        path: PathBuf,
        /// Where it resolves to, outside the root.
        target: PathBuf,
    },
    /// The path is a symlink to nothing (`export --force` refuses it).
    DanglingLink(PathBuf),
    /// Another process changed the file between the read and the rename.
    Changed(PathBuf),
    /// Reading, writing or renaming failed.
    Io(PathBuf, io::Error),
}

impl WriteError {
    /// The path the error is about (as the caller named it).
    pub fn path(&self) -> &Path {
        match self {
            WriteError::ReadOnly(p)
            | WriteError::NotWritable(p, _)
            | WriteError::Exists(p)
            | WriteError::DanglingLink(p)
            | WriteError::Changed(p)
            | WriteError::Io(p, _) => p,
            WriteError::LeavesRoot { path, .. } => path,
        }
    }

    /// The message without the path (callers that print the path themselves).
    pub fn reason(&self) -> String {
        match self {
            WriteError::ReadOnly(_) => "the file is read-only; nothing was written".into(),
            WriteError::NotWritable(_, e) => {
                format!("cannot be written by this user ({e}); nothing was written")
            }
            WriteError::Exists(_) => "already exists; pass --force to overwrite it".into(),
            WriteError::LeavesRoot { target, .. } => format!(
                "is a symbolic link to `{}`, outside the repository root; nothing was written \
                 (plan-lint never writes through a link out of the root: replace the link with \
                 the file, or run on the file itself)",
                target.display()
            ),
            WriteError::DanglingLink(_) => {
                "is a symbolic link to a file that does not exist; nothing was written \
                 (remove the link first)"
                    .into()
            }
            WriteError::Changed(_) => "changed while fixing (another process wrote to it); \
                 nothing was written: run again"
                .into(),
            WriteError::Io(_, e) => format!("cannot write: {e}"),
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for WriteError {}

/// What a fix read from the file it now replaces, to detect a change by another
/// process: the bytes, and the file's size and modification time taken before the
/// read ([`Stamp::of`]).
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The bytes read from the file.
    pub bytes: &'a [u8],
    /// The file's identity, size and modification time before the read (`None` when
    /// its metadata could not be read).
    pub stamp: Option<Stamp>,
}

/// A file's identity, size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    ino: (u64, u64),
}

impl Stamp {
    /// The stamp of the file `path` names (following links), if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        fs::metadata(path).ok().map(|m| Stamp::from_meta(&m))
    }

    fn from_meta(m: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            ino: (m.dev(), m.ino()),
        }
    }
}

/// Where a write is; the test hook sees each stage.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The temporary file was just created (empty, with its initial mode).
    Created,
    /// The temporary file is complete; next: the unchanged check and the rename.
    BeforeRename,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Created => "created",
            Stage::BeforeRename => "before-rename",
        }
    }
}

/// Replaces the contents of an existing file atomically, keeping its permissions,
/// owner, group and extended attributes (see the module docs). No change check and
/// no repository wall: [`replace_if_unchanged`] is what fixes use.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    replace_inner(path, None, None, bytes, &mut env_hook)
}

/// [`replace`] for a fix: refuses a path inside `root` that resolves outside it, and
/// writes nothing when the file no longer holds what was read ([`WriteError::Changed`]).
pub fn replace_if_unchanged(
    path: &Path,
    root: Option<&Path>,
    expected: Expected<'_>,
    bytes: &[u8],
) -> Result<(), WriteError> {
    replace_inner(path, root, Some(expected), bytes, &mut env_hook)
}

/// [`replace_if_unchanged`] with a callback at each [`Stage`] (tests use it to change
/// the file mid-write or to look at the temporary file).
#[doc(hidden)]
pub fn replace_with_hook(
    path: &Path,
    root: Option<&Path>,
    expected: Option<Expected<'_>>,
    bytes: &[u8],
    hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), WriteError> {
    replace_inner(path, root, expected, bytes, hook)
}

/// Creates a file atomically; refuses to replace an existing one unless `force`.
/// A symlink in the way counts as existing; with `force` it is written through only
/// when it stays inside `root` (see [`create_within`]).
pub fn create(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    create_within(path, None, bytes, force)
}

/// [`create`] inside a repository: with `force`, an existing path that resolves
/// outside `root` (a planted symlink) is refused, never written through.
pub fn create_within(
    path: &Path,
    root: Option<&Path>,
    bytes: &[u8],
    force: bool,
) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(_) if !force => return Err(WriteError::Exists(path.to_path_buf())),
        Ok(m) => {
            if m.file_type().is_symlink() && fs::metadata(path).is_err() {
                return Err(WriteError::DanglingLink(path.to_path_buf()));
            }
            return replace_inner(path, root, None, bytes, &mut env_hook);
        }
        Err(_) => {}
    }
    let dir = parent_dir(path);
    check_dir_writable(path, &dir)?;
    let name = path.file_name().unwrap_or(OsStr::new("plan"));
    write_temp_and_rename(
        &dir,
        name,
        path,
        bytes,
        Metadata::fresh(),
        Check::Absent,
        &mut env_hook,
    )
}

/// The test hook of debug builds: `PLAN_LINT_DEBUG_WRITE_HOOK` is run by `sh -c` at
/// each [`Stage`], with `PLAN_LINT_HOOK_STAGE`, `PLAN_LINT_HOOK_TEMP` and
/// `PLAN_LINT_HOOK_TARGET` set, and waited for. Release builds have no hook.
fn env_hook(stage: Stage, temp: &Path) {
    #[cfg(debug_assertions)]
    if let Some(cmd) = std::env::var_os("PLAN_LINT_DEBUG_WRITE_HOOK") {
        let target = TARGET.with(|t| t.borrow().clone());
        let _ = std::process::Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .env("PLAN_LINT_HOOK_STAGE", stage.name())
            .env("PLAN_LINT_HOOK_TEMP", temp)
            .env("PLAN_LINT_HOOK_TARGET", target)
            .status();
    }
    #[cfg(not(debug_assertions))]
    let _ = (stage.name(), temp);
}

#[cfg(debug_assertions)]
thread_local! {
    /// The target of the write in progress on this thread (for the debug hook).
    static TARGET: std::cell::RefCell<PathBuf> = std::cell::RefCell::new(PathBuf::new());
}

fn replace_inner(
    path: &Path,
    root: Option<&Path>,
    expected: Option<Expected<'_>>,
    bytes: &[u8],
    hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), WriteError> {
    let io_err = |e| WriteError::Io(path.to_path_buf(), e);
    let target = fs::canonicalize(path).map_err(io_err)?;
    if let Some(root) = root {
        check_within(path, &target, root)?;
    }
    let meta = fs::metadata(&target).map_err(io_err)?;
    if !meta.is_file() {
        return Err(io_err(io::Error::other("not a regular file")));
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    check_access(&target).map_err(|e| WriteError::NotWritable(path.to_path_buf(), e))?;
    let dir = parent_dir(&target);
    // Named as the user named it, unless a symlink led elsewhere.
    let named = parent_dir(path);
    let shown = if fs::canonicalize(&named).is_ok_and(|d| d == dir) {
        named
    } else {
        dir.clone()
    };
    check_access(&dir).map_err(|e| dir_error(path, &shown, e))?;
    let name = target.file_name().unwrap_or(OsStr::new("plan")).to_owned();
    let kept = Metadata::of(&target, &meta);
    let check = expected.map(|e| (e, Stamp::from_meta(&meta)));
    let check = match check {
        Some((expected, at_start)) => Check::Unchanged(expected, at_start),
        None => Check::None,
    };
    write_temp_and_rename(&dir, &name, &target, bytes, kept, check, hook).map_err(|e| match e {
        WriteError::Io(_, e) => io_err(e),
        WriteError::Changed(_) => WriteError::Changed(path.to_path_buf()),
        other => other,
    })
}

/// The directory a path is in (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` lexically inside `root` must resolve (as `target`) inside it too.
fn check_within(path: &Path, target: &Path, root: &Path) -> Result<(), WriteError> {
    let (Ok(abs), Ok(root_abs)) = (std::path::absolute(path), std::path::absolute(root)) else {
        return Ok(());
    };
    if !lexical(&abs).starts_with(lexical(&root_abs)) {
        return Ok(()); // named outside the root: there is no wall to leave
    }
    let real_root = fs::canonicalize(root).unwrap_or(root_abs);
    if target.starts_with(&real_root) {
        Ok(())
    } else {
        Err(WriteError::LeavesRoot {
            path: path.to_path_buf(),
            target: target.to_path_buf(),
        })
    }
}

/// Whether this process (effective ids) may write `path`.
fn check_access(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::other("path holds a NUL byte"))?;
        let mode = if path.is_dir() {
            libc::W_OK | libc::X_OK
        } else {
            libc::W_OK
        };
        // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
        let rc = unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), mode, libc::AT_EACCESS) };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn check_dir_writable(path: &Path, dir: &Path) -> Result<(), WriteError> {
    check_access(dir).map_err(|e| dir_error(path, dir, e))
}

/// The error of a directory a temporary file cannot be created in.
fn dir_error(path: &Path, dir: &Path, e: io::Error) -> WriteError {
    {
        let denied = matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        );
        if !denied {
            return WriteError::Io(path.to_path_buf(), e);
        }
        WriteError::NotWritable(
            path.to_path_buf(),
            io::Error::new(
                e.kind(),
                format!("its directory `{}` is not writable: {e}", dir.display()),
            ),
        )
    }
}

/// What the new file keeps of the old one.
struct Metadata {
    /// Permission bits, setuid/setgid/sticky included.
    mode: u32,
    /// Owner and group to keep (`None` for a new file: the creator's).
    owner: Option<(u32, u32)>,
    /// The file whose extended attributes are copied.
    xattrs_from: Option<PathBuf>,
}

impl Metadata {
    fn fresh() -> Self {
        Metadata {
            mode: 0o666,
            owner: None,
            xattrs_from: None,
        }
    }

    #[cfg_attr(not(unix), allow(unused_variables))]
    fn of(target: &Path, meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Metadata {
                mode: meta.mode() & 0o7777,
                owner: Some((meta.uid(), meta.gid())),
                xattrs_from: Some(target.to_path_buf()),
            }
        }
        #[cfg(not(unix))]
        Metadata {
            mode: if meta.permissions().readonly() {
                0o444
            } else {
                0o666
            },
            owner: None,
            xattrs_from: None,
        }
    }
}

/// The temporary file's name for `name`: `.<name>.plan-lint-<pid>-<n>.tmp`, the name
/// cut (on a character boundary) so the whole stays within 255 bytes.
fn temp_name(name: &OsStr) -> String {
    let name = name.to_string_lossy();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        ".{}.plan-lint-{}-{}.tmp",
        &name[..cut],
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// What must still hold when the new file takes the target's place.
enum Check<'a> {
    None,
    /// The target is what was read (see [`replace_if_unchanged`]).
    Unchanged(Expected<'a>, Stamp),
    /// The target does not exist: the new file is linked into place, which fails if
    /// another process created the target meanwhile (a rename would replace it).
    Absent,
}

fn write_temp_and_rename(
    dir: &Path,
    name: &OsStr,
    target: &Path,
    bytes: &[u8],
    kept: Metadata,
    check: Check<'_>,
    hook: &mut dyn FnMut(Stage, &Path),
) -> Result<(), WriteError> {
    #[cfg(debug_assertions)]
    TARGET.with(|t| *t.borrow_mut() = target.to_path_buf());
    let tmp = dir.join(temp_name(name));
    let io_err = |e| WriteError::Io(target.to_path_buf(), e);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never more than the plan's own permission bits, from the first instant (the
        // umask can only take bits away). Set exactly by `fchmod` below.
        options.mode(kept.mode & 0o777);
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(&tmp).map_err(io_err)?;
    let result = (|| {
        hook(Stage::Created, &tmp);
        file.write_all(bytes).map_err(io_err)?;
        keep_metadata(&file, &kept).map_err(io_err)?;
        file.sync_all().map_err(io_err)?;
        hook(Stage::BeforeRename, &tmp);
        match check {
            Check::Unchanged(expected, at_start) => {
                if !unchanged(target, expected, at_start) {
                    return Err(WriteError::Changed(target.to_path_buf()));
                }
                fs::rename(&tmp, target).map_err(io_err)?;
            }
            Check::Absent => match fs::hard_link(&tmp, target) {
                Ok(()) => {
                    let _ = fs::remove_file(&tmp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(WriteError::Exists(target.to_path_buf()));
                }
                // A file system without hard links: the rename (the race with a
                // process creating the same name in this instant is back).
                Err(_) => fs::rename(&tmp, target).map_err(io_err)?,
            },
            Check::None => fs::rename(&tmp, target).map_err(io_err)?,
        }
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Owner and group first (`chown` clears setuid/setgid), then the mode, then the
/// extended attributes (an ACL in them agrees with the mode it was saved with).
fn keep_metadata(file: &File, kept: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        use std::os::unix::io::AsRawFd;
        let fd = file.as_raw_fd();
        let mut mode = kept.mode;
        if let Some((uid, gid)) = kept.owner {
            let now = file.metadata()?;
            if (now.uid(), now.gid()) != (uid, gid) {
                // SAFETY: fchown on an open descriptor; failure is reported by errno.
                let ok = unsafe { libc::fchown(fd, uid, gid) } == 0;
                if !ok {
                    // A user cannot give a file away; the group may still be theirs.
                    // SAFETY: as above; `u32::MAX` (-1) keeps the owner.
                    let _ = unsafe { libc::fchown(fd, u32::MAX, gid) };
                }
            }
            let now = file.metadata()?;
            if now.uid() != uid {
                mode &= !0o4000; // never a setuid bit on a new owner
            }
            if now.gid() != gid {
                mode &= !0o2000;
            }
        }
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        if let Some(from) = &kept.xattrs_from {
            copy_xattrs(from, fd);
        }
    }
    #[cfg(not(unix))]
    if kept.mode & 0o222 == 0 {
        let mut p = file.metadata()?.permissions();
        p.set_readonly(true);
        file.set_permissions(p)?;
    }
    Ok(())
}

/// Copies every extended attribute of `from` onto `fd`, best-effort: an attribute this
/// user may not set (`security.*`, `trusted.*` as a user) or a file system without
/// them is skipped.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn copy_xattrs(from: &Path, fd: std::os::unix::io::RawFd) {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(from.as_os_str().as_bytes()) else {
        return;
    };
    // SAFETY: `c` is a NUL-terminated path and `buf` is valid for `len` bytes; the
    // kernel writes at most `len` bytes and returns the size or -1.
    let list = read_sized(|buf, len| unsafe { libc::listxattr(c.as_ptr(), buf, len) });
    let Some(list) = list else { return };
    for name in list.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let Ok(cname) = std::ffi::CString::new(name) else {
            continue;
        };
        // SAFETY: `c` and `cname` are NUL-terminated, `buf` is valid for `len` bytes;
        // the kernel writes at most `len` bytes and returns the size or -1.
        let value = read_sized(|buf, len| unsafe {
            libc::getxattr(c.as_ptr(), cname.as_ptr(), buf.cast(), len)
        });
        if let Some(v) = value {
            // SAFETY: `fd` is open, `cname` is NUL-terminated and `v` is valid for
            // `v.len()` bytes, which the kernel only reads.
            unsafe { libc::fsetxattr(fd, cname.as_ptr(), v.as_ptr().cast(), v.len(), 0) };
        }
    }
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn copy_xattrs(_from: &Path, _fd: std::os::unix::io::RawFd) {}

/// Calls a `*xattr` function twice: for the size, then for the bytes (retrying when
/// the value grew in between).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn read_sized(mut call: impl FnMut(*mut libc::c_char, usize) -> isize) -> Option<Vec<u8>> {
    for _ in 0..4 {
        let size = call(std::ptr::null_mut(), 0);
        if size < 0 {
            return None;
        }
        let mut buf = vec![0u8; size as usize];
        if size == 0 {
            return Some(buf);
        }
        let got = call(buf.as_mut_ptr().cast(), buf.len());
        if got >= 0 {
            buf.truncate(got as usize);
            return Some(buf);
        }
        if io::Error::last_os_error().raw_os_error() != Some(libc::ERANGE) {
            return None;
        }
    }
    None
}

/// Whether `target` still holds what the fix read: same file, size and modification
/// time as before the read and at the start of the write, and the same bytes.
fn unchanged(target: &Path, expected: Expected<'_>, at_start: Stamp) -> bool {
    let Ok((file, _)) = crate::document::source::open_regular(target) else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    let now = Stamp::from_meta(&meta);
    if now != at_start || expected.stamp.is_some_and(|s| s != now) {
        return false;
    }
    if now.len != expected.bytes.len() as u64 {
        return false;
    }
    same_bytes(file, expected.bytes)
}

/// Whether `reader` yields exactly `expected` (read in pieces; nothing is kept).
fn same_bytes(mut reader: impl Read, expected: &[u8]) -> bool {
    let mut buf = [0u8; 64 * 1024];
    let mut at = 0;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return at == expected.len(),
            Ok(n) => {
                if expected.get(at..at + n) != Some(&buf[..n]) {
                    return false;
                }
                at += n;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Directories already swept by this run.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Removes the temporary files an interrupted plan-lint run left in `dir`: named
/// `.<name>.plan-lint-<pid>-<n>.tmp`, regular files (not links) owned by this user,
/// last modified before `run_start`, whose `<pid>` is not a running process. Each
/// directory is swept once per run. Returns one message per file removed, and per
/// such leftover that could not be removed (another user's, or removal failed), in
/// name order.
pub fn sweep_stale(dir: &Path, run_start: SystemTime) -> Vec<String> {
    let key = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if !swept.get_or_insert_with(HashSet::new).insert(key) {
            return Vec::new();
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, u32)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let pid = temp_pid(&name)?;
            Some((name, pid))
        })
        .collect();
    found.sort();
    let mut notes = Vec::new();
    for (name, pid) in found {
        let path = dir.join(&name);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() || pid == std::process::id() || pid_alive(pid) {
            continue;
        }
        if meta.modified().map_or(true, |m| m >= run_start) {
            continue; // written during this run: not ours to judge
        }
        if !owned_by_me(&meta) {
            notes.push(format!(
                "warning: {}: a temporary file left by an interrupted plan-lint run (process {pid}), owned by another user; remove it",
                path.display()
            ));
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => notes.push(format!(
                "note: {}: removed a temporary file left by an interrupted plan-lint run (process {pid})",
                path.display()
            )),
            Err(e) => notes.push(format!(
                "warning: {}: a temporary file left by an interrupted plan-lint run (process {pid}) could not be removed: {e}",
                path.display()
            )),
        }
    }
    notes
}

/// The pid in a temporary file name of ours (`.<name>.plan-lint-<pid>-<n>.tmp`).
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".plan-lint-")?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then(|| pid.parse().ok())?
}

fn pid_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return true; // not a process id: never treated as dead
        }
        // SAFETY: signal 0 only checks that the process exists.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return true;
        }
        io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true // cannot tell: never remove
    }
}

fn owned_by_me(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        meta.uid() == unsafe { libc::geteuid() }
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
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

    #[test]
    fn temp_names_parse_back() {
        assert_eq!(temp_pid(".plan_x.md.plan-lint-123-4.tmp"), Some(123));
        assert_eq!(temp_pid(".a.plan-lint-b.md.plan-lint-9-0.tmp"), Some(9));
        assert_eq!(temp_pid(".plan_x.md.plan-lint-12x-4.tmp"), None);
        assert_eq!(temp_pid("plan_x.md.plan-lint-1-4.tmp"), None);
        assert_eq!(temp_pid(".plan_x.md.plan-lint-1-.tmp"), None);
        let name = temp_name(OsStr::new("plan_x.md"));
        assert_eq!(temp_pid(&name), Some(std::process::id()));
        let long = "é".repeat(200);
        assert!(temp_name(OsStr::new(&long)).len() <= 255);
    }

    #[test]
    fn same_bytes_compares_everything() {
        let big = vec![7u8; 200_000];
        assert!(same_bytes(&big[..], &big));
        assert!(!same_bytes(&big[..199_999], &big));
        let mut longer = big.clone();
        longer.push(1);
        assert!(!same_bytes(&longer[..], &big));
        let mut other = big.clone();
        other[150_000] = 8;
        assert!(!same_bytes(&other[..], &big));
    }
}
