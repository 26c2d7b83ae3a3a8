//! Reading plan files: UTF-8 validation, BOM handling and the line index that maps
//! byte offsets to 1-based lines and columns.
//!
//! Every span in plan-lint is a byte range into the *original* file contents, BOM
//! included, so that fixes can be applied to the exact bytes on disk.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Why a file could not be turned into text.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// The file is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    InvalidUtf8 {
        offset: usize,
    },
    /// The file contains NUL bytes: it is binary, not a plan.
    Binary {
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark (an editor's "Unicode" encoding).
    Utf16 {
        big_endian: bool,
    },
    /// The path is a directory (for example a directory named `x.md`).
    IsDirectory,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
                if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                }
            ),
            ReadError::IsDirectory => write!(f, "is a directory, not a Markdown file"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a file as plan text.
pub fn read_file(path: &Path) -> Result<Arc<str>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    decode(bytes)
}

/// How far into a file that is not UTF-8 a NUL byte is looked for to call it binary
/// (git looks at the first 8 000 bytes the same way).
const BINARY_PROBE: usize = 8000;

/// Validates bytes as plan text (UTF-8, no NUL bytes). Bytes that are not UTF-8 are
/// reported as UTF-16 when they start with its byte-order mark, as binary when a NUL byte comes before the first invalid byte or within
/// the first [`BINARY_PROBE`] bytes (an image, an archive), else as invalid UTF-8 at
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
            // 0xFF and 0xFE never occur in UTF-8: these files are UTF-16, not binary.
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
    pub line: usize,
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
}
