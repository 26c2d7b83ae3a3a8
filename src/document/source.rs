//! Reading plan files: UTF-8 validation, BOM handling and the line index that maps
//! byte offsets to 1-based lines and columns.
//!
//! Every span in plan-lint is a byte range into the *original* file contents, BOM
//! included, so that fixes can be applied to the exact bytes on disk.

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte in the range.
    pub start: usize,
    /// Byte offset one past the last byte in the range.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The empty range at byte `at`.
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The range's length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the range holds no bytes.
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Whether `other` lies wholly inside this range (edges included).
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text of the range in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// The range as a `Range<usize>`, to index or slice with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Why a file could not be turned into text.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file contains NUL bytes: it is binary, not a plan.
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark (an editor's "Unicode" encoding).
    Utf16 {
        /// Whether the mark is big-endian (`FE FF`) rather than little-endian (`FF FE`).
        big_endian: bool,
    },
    /// The file starts with a UTF-32 byte-order mark (`FF FE 00 00` or `00 00 FE FF`).
    Utf32 {
        /// Whether the mark is big-endian (`00 00 FE FF`) rather than little-endian.
        big_endian: bool,
    },
    /// The path is a directory (for example a directory named `x.md`).
    IsDirectory,
    /// The path (or what its symlink points to) is not a regular file: a FIFO, a
    /// device or a socket. Reading one could block forever (a FIFO with no writer) or
    /// never end (`/dev/zero`), so it is never read. `kind` names the file type.
    NotRegular {
        /// The file type: `"FIFO"`, `"character device"`, `"block device"`, `"socket"`, ….
        kind: &'static str,
    },
    /// The plan is larger than `limit` bytes ([`MAX_PLAN_BYTES`]).
    TooLarge {
        /// The most bytes a plan may have: [`MAX_PLAN_BYTES`].
        limit: u64,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = |big_endian: bool| {
            if big_endian {
                "big-endian"
            } else {
                "little-endian"
            }
        };
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::InvalidUtf8 { offset } => {
                write!(
                    f,
                    "invalid UTF-8 at byte offset {offset}; plans must be UTF-8 text"
                )
            }
            ReadError::Binary { offset } => {
                write!(
                    f,
                    "binary file (NUL byte at byte offset {offset}); plans must be UTF-8 text"
                )
            }
            ReadError::Utf16 { big_endian } => write!(
                f,
                "UTF-16 text ({} byte-order mark); plans must be UTF-8 text (convert it: `iconv -f UTF-16 -t UTF-8`)",
                order(*big_endian)
            ),
            ReadError::Utf32 { big_endian } => write!(
                f,
                "UTF-32 text ({} byte-order mark); plans must be UTF-8 text (convert it: `iconv -f UTF-32{} -t UTF-8`)",
                order(*big_endian),
                if *big_endian { "BE" } else { "LE" }
            ),
            ReadError::IsDirectory => write!(f, "is a directory, not a Markdown file"),
            ReadError::NotRegular { kind } => write!(
                f,
                "not a regular file ({kind}); plans are read only from regular files or standard input (`-`)"
            ),
            ReadError::TooLarge { limit } => write!(
                f,
                "larger than {} MiB ({limit} bytes), the most plan-lint reads as one plan",
                limit / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// The largest plan plan-lint reads, file or standard input: 256 MiB. Larger input
/// is refused with [`ReadError::TooLarge`] before it is read (a file's size is known
/// from `fstat`) or as soon as one byte past the limit arrives (standard input, a file
/// growing while it is read), so memory stays bounded whatever the input.
pub const MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a file as plan text. Only regular files are read (a symlink is followed to
/// what it names): a directory, FIFO, device or socket is refused by its type, before
/// it is opened, and again from the opened handle (`fstat`), so a path swapped between
/// the two checks cannot make the read block or run forever. On unix the file is
/// opened with `O_NONBLOCK`, so even opening a FIFO returns at once.
pub fn read_file(path: &Path) -> Result<Arc<str>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    check_kind(&meta)?;
    let (file, len) = open_regular(path)?;
    decode(read_limited(file, MAX_PLAN_BYTES, len)?)
}

/// Reads standard input as plan text (at most [`MAX_PLAN_BYTES`]).
pub fn read_stdin() -> Result<Arc<str>, ReadError> {
    decode(read_limited(std::io::stdin().lock(), MAX_PLAN_BYTES, 0)?)
}

/// Opens `path` for reading without blocking and checks the opened handle is a
/// regular file of at most [`MAX_PLAN_BYTES`]; returns it with its size.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let file = open_for_reading(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    check_kind(&meta)?;
    if meta.len() > MAX_PLAN_BYTES {
        return Err(ReadError::TooLarge {
            limit: MAX_PLAN_BYTES,
        });
    }
    Ok((file, meta.len()))
}

/// Opens `path` for reading without ever blocking in the open: on unix with
/// `O_NONBLOCK` (a FIFO opens at once instead of waiting for a writer) and `O_NOCTTY`
/// (a terminal never becomes the controlling terminal). Neither flag changes reading a
/// regular file. Callers check the opened handle's type (`fstat`) before reading.
pub fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Refuses everything but a regular file.
fn check_kind(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    Err(ReadError::NotRegular { kind: kind_name(t) })
}

/// The name of a file type that is neither a regular file nor a directory.
fn kind_name(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "FIFO";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_symlink() {
        return "symbolic link";
    }
    "special file"
}

/// Reads all of `reader`, failing with [`ReadError::TooLarge`] once more than `limit`
/// bytes arrive (at most `limit + 1` bytes are ever held). `size_hint` preallocates.
pub fn read_limited(reader: impl Read, limit: u64, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// How far into a file that is not UTF-8 a NUL byte is looked for to call it binary
/// (git looks at the first 8 000 bytes the same way).
const BINARY_PROBE: usize = 8000;

/// Validates bytes as plan text (UTF-8, no NUL bytes). Bytes that are not UTF-8 are
/// reported as UTF-32 or UTF-16 when they start with its byte-order mark, as binary when a NUL byte comes before the first invalid byte or within
/// the first `BINARY_PROBE` bytes (an image, an archive), else as invalid UTF-8 at
/// the first bad byte (a Latin-1 text).
pub fn decode(bytes: Vec<u8>) -> Result<Arc<str>, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(offset) = text.as_bytes().iter().position(|&b| b == 0) {
                return Err(ReadError::Binary { offset });
            }
            Ok(Arc::from(text))
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // 0xFF and 0xFE never occur in UTF-8: these files are UTF-32 or UTF-16, not
            // binary. UTF-32 first: its little-endian mark starts with UTF-16's.
            match bytes.get(..4) {
                Some([0xFF, 0xFE, 0, 0]) => return Err(ReadError::Utf32 { big_endian: false }),
                Some([0, 0, 0xFE, 0xFF]) => return Err(ReadError::Utf32 { big_endian: true }),
                _ => {}
            }
            match bytes.get(..2) {
                Some([0xFF, 0xFE]) => return Err(ReadError::Utf16 { big_endian: false }),
                Some([0xFE, 0xFF]) => return Err(ReadError::Utf16 { big_endian: true }),
                _ => {}
            }
            let probe = offset.max(BINARY_PROBE.min(bytes.len()));
            if let Some(nul) = bytes[..probe].iter().position(|&b| b == 0) {
                return Err(ReadError::Binary { offset: nul });
            }
            Err(ReadError::InvalidUtf8 { offset })
        }
    }
}

/// A 1-based line and column. `column` counts Unicode scalar values (characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, in characters from the line's start.
    pub column: usize,
}

/// Maps byte offsets to lines. Line endings are `\n`, `\r\n` and a lone `\r`, as in
/// CommonMark (and comrak). A leading BOM is not part of line 1's columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts (line 1 starts after the BOM).
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `source`.
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let first = if source.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let mut starts = vec![first];
        let mut i = first;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: source.len(),
        }
    }

    /// Number of lines (a trailing newline opens an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of 1-based `line` (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        let idx = line.saturating_sub(1);
        self.starts.get(idx).copied().unwrap_or(self.len)
    }

    /// Byte offset just past the content of 1-based `line`, before its line ending.
    pub fn line_end(&self, source: &str, line: usize) -> usize {
        let start = self.line_start(line);
        let Some(&next) = self.starts.get(line) else {
            return self.len;
        };
        let bytes = source.as_bytes();
        let mut end = next;
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    /// Byte offset for a comrak source position (1-based line, 1-based byte column).
    pub fn offset(&self, line: usize, byte_column: usize) -> usize {
        (self.line_start(line) + byte_column.saturating_sub(1)).min(self.len)
    }

    /// 1-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// 1-based line and character column of `offset` (clamped to a char boundary).
    pub fn line_col(&self, source: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let column = source[start..offset].chars().count() + 1;
        LineCol { line, column }
    }
}

/// Largest char boundary `<= offset`.
pub fn floor_char_boundary(s: &str, mut offset: usize) -> usize {
    if offset >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_handles_all_line_endings_and_bom() {
        let src = "\u{feff}ab\r\ncd\ref\ngh";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_start(1), 3);
        assert_eq!(&src[idx.line_start(2)..idx.line_end(src, 2)], "cd");
        assert_eq!(&src[idx.line_start(3)..idx.line_end(src, 3)], "ef");
        assert_eq!(&src[idx.line_start(4)..idx.line_end(src, 4)], "gh");
        assert_eq!(&src[idx.line_start(1)..idx.line_end(src, 1)], "ab");
        assert_eq!(idx.line_col(src, 3), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(src, 8), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn columns_count_characters() {
        let src = "é→x\n";
        let idx = LineIndex::new(src);
        assert_eq!(
            idx.line_col(src, "é→".len()),
            LineCol { line: 1, column: 3 }
        );
    }

    #[test]
    fn decode_reports_offsets() {
        assert!(matches!(
            decode(vec![b'a', 0xff]),
            Err(ReadError::InvalidUtf8 { offset: 1 })
        ));
        assert!(matches!(
            decode(vec![b'a', b'b', 0]),
            Err(ReadError::Binary { offset: 2 })
        ));
        assert_eq!(&*decode(b"ok".to_vec()).unwrap(), "ok");
    }

    #[test]
    fn utf32_marks_are_not_utf16() {
        let le = decode(b"\xff\xfe\0\0#\0\0\0".to_vec()).unwrap_err();
        assert!(matches!(le, ReadError::Utf32 { big_endian: false }));
        assert_eq!(
            le.to_string(),
            "UTF-32 text (little-endian byte-order mark); plans must be UTF-8 text \
             (convert it: `iconv -f UTF-32LE -t UTF-8`)"
        );
        let be = decode(b"\0\0\xfe\xff\0\0\0#".to_vec()).unwrap_err();
        assert!(matches!(be, ReadError::Utf32 { big_endian: true }));
        assert!(be.to_string().contains("`iconv -f UTF-32BE -t UTF-8`"));
        // UTF-16's mark alone (then a character that is not U+0000) stays UTF-16.
        assert!(matches!(
            decode(b"\xff\xfe#\0".to_vec()),
            Err(ReadError::Utf16 { big_endian: false })
        ));
        // Too short for the UTF-32 mark: UTF-16.
        assert!(matches!(
            decode(b"\xff\xfe\0".to_vec()),
            Err(ReadError::Utf16 { big_endian: false })
        ));
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        // What is held never exceeds limit + 1 bytes, however long the input: an
        // endless reader (`/dev/zero`, standard input) ends with TooLarge.
        let endless = std::io::repeat(b'a');
        assert!(matches!(
            read_limited(endless, 10, 0),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        assert_eq!(read_limited(&b"0123456789"[..], 10, 10).unwrap().len(), 10);
        assert!(matches!(
            read_limited(&b"0123456789X"[..], 10, 0),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        let e = ReadError::TooLarge {
            limit: MAX_PLAN_BYTES,
        };
        assert_eq!(
            e.to_string(),
            "larger than 256 MiB (268435456 bytes), the most plan-lint reads as one plan"
        );
    }

    /// The check on the opened handle, without the check on the path before it: a
    /// FIFO swapped in after the path was checked is refused, and opening it does not
    /// wait for a writer (the test would hang without `O_NONBLOCK`).
    #[cfg(unix)]
    #[test]
    fn the_opened_handle_is_checked_and_a_fifo_open_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("plan_fifo.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available to make a FIFO");
            return;
        }
        // A hang guard, not a timing: a blocked open fails the test instead of hanging it.
        let (tx, rx) = std::sync::mpsc::channel();
        let opened = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(open_regular(&opened).map(|(_, len)| len));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(180)) {
            Ok(Err(ReadError::NotRegular { kind })) => assert_eq!(kind, "FIFO"),
            Ok(other) => panic!("expected NotRegular, got {other:?}"),
            Err(_) => panic!("opening a FIFO blocked (no O_NONBLOCK)"),
        }
        match open_regular(Path::new("/dev/zero")) {
            Err(ReadError::NotRegular { kind }) => assert_eq!(kind, "character device"),
            other => panic!("expected NotRegular, got {other:?}"),
        }
        let file = dir.path().join("plan_ok.md");
        std::fs::write(&file, "# Plan: A (a)\n").unwrap();
        assert_eq!(open_regular(&file).unwrap().1, 14);
        assert_eq!(&*read_file(&file).unwrap(), "# Plan: A (a)\n");
    }
}
