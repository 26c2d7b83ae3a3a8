//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One log with one run:
//!
//! * `tool.driver`: name, version, `informationUri`, and **every** registered rule in
//!   code order (not only the rules that fired, so `ruleIndex` is stable): `id` (the
//!   code), `name`, `shortDescription` (the rule's summary), `fullDescription` (the
//!   "What it does" section of its page, `rules/<CODE>.md`, as plain text and as
//!   Markdown), `helpUri` (the page on GitHub) and `defaultConfiguration.level`.
//! * `originalUriBaseIds`: `%SRCROOT%`, the repository root, without a `uri` (it is
//!   machine-specific; uploaders such as `github/codeql-action/upload-sarif` resolve
//!   it to the checkout).
//! * `columnKind`: `unicodeCodePoints`, because columns count characters.
//! * `invocations[0].executionSuccessful`: false when some file could not be read.
//! * `results`, files in the given order and findings in the linter's order: `ruleId`,
//!   `ruleIndex`, `level` (`error`/`warning`, after configuration), `message.text`
//!   (the message, then `help: …` on a new line), one location whose
//!   `artifactLocation` is the root-relative path with `uriBaseId: "%SRCROOT%"` (a
//!   file outside the root gets its path as named, without a base), a `region` with
//!   `startLine`, `startColumn`, `endLine` and `endColumn` (1-based; columns in
//!   characters; `endColumn` exclusive, as SARIF defines it), a `partialFingerprints`
//!   entry `planLint/v1` (see [`super::gitlab::fingerprints`]: it ignores line
//!   numbers), and for findings with a fix one `fixes` entry.
//! * A fix's `replacements` delete `deletedRegion` and insert `insertedContent.text`.
//!   The deleted region is given by **byte** offsets (`byteOffset`, `byteLength`,
//!   BOM included) because that is what plan-lint's edits are; SARIF's `charOffset`
//!   counts characters, which would differ from bytes after any non-ASCII text. The
//!   fix's applicability (`safe`, `unsafe`, `suggestion`) is in its `properties`.

use super::{FileReport, Located, Totals};
use crate::diagnostic::Severity;
use crate::rules::{self, RuleMeta};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The `$schema` written.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The project's home page.
pub const INFORMATION_URI: &str = "https://github.com/plan-lint/plan-lint";
/// The URI base id of root-relative artifact locations.
pub const SRCROOT: &str = "%SRCROOT%";

/// The documentation page of a rule.
pub fn help_uri(code: &str) -> String {
    format!("{INFORMATION_URI}/blob/main/rules/{code}.md")
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseId>,
    column_kind: &'static str,
    invocations: [Invocation; 1],
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: &'static [Rule],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<MultiformatText>,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct MultiformatText {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct BaseId {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: crate::diagnostic::Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: ByteRegion,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Content<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Every rule's descriptor, built once per process (each reads and converts its
/// documentation page).
static RULES: LazyLock<Vec<Rule>> =
    LazyLock::new(|| rules::all().iter().map(|r| rule(r.meta())).collect());

fn rule(meta: &'static RuleMeta) -> Rule {
    let full_description = crate::docs::page(meta.code)
        .and_then(|page| section(page, "What it does"))
        .map(|markdown| MultiformatText {
            text: plain_text(&markdown),
            markdown: absolute_rule_links(&markdown),
        });
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Text {
            text: meta.summary.to_string(),
        },
        full_description,
        help_uri: help_uri(meta.code),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
    }
}

/// The artifact location of a file: root-relative with `%SRCROOT%` when known, else
/// the path as named (an absolute one as a `file:` URI).
fn artifact_location(file: &FileReport) -> ArtifactLocation {
    match &file.root_relative {
        Some(rel) => ArtifactLocation {
            uri: encode_uri_path(rel),
            uri_base_id: Some(SRCROOT),
        },
        None => {
            let path = file.display_path();
            let bytes = path.as_bytes();
            let uri = if path.starts_with('/') {
                format!("file://{}", encode_uri_path(&path))
            } else if bytes.len() >= 3
                && bytes[0].is_ascii_alphabetic()
                && bytes[1] == b':'
                && bytes[2] == b'/'
            {
                // A Windows drive path: `C:/x` → `file:///C:/x`.
                format!("file:///{}:{}", &path[..1], encode_uri_path(&path[2..]))
            } else {
                encode_uri_path(&path)
            };
            ArtifactLocation {
                uri,
                uri_base_id: None,
            }
        }
    }
}

fn result<'a>(
    found: &'a Located,
    location: &ArtifactLocation,
    fingerprint: String,
) -> SarifResult<'a> {
    let d = &found.diag;
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let fixes = d
        .fix
        .iter()
        .map(|f| Fix {
            description: Text {
                text: f.message.clone(),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: location.clone(),
                replacements: f
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: ByteRegion {
                            byte_offset: e.span.start,
                            byte_length: e.span.len(),
                        },
                        inserted_content: (!e.replacement.is_empty()).then_some(Content {
                            text: &e.replacement,
                        }),
                    })
                    .collect(),
            }],
            properties: FixProperties {
                applicability: f.applicability,
            },
        })
        .collect();
    SarifResult {
        rule_id: d.code,
        rule_index: rules::all().iter().position(|r| r.code() == d.code),
        level: level(d.severity),
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: location.clone(),
                region: Region {
                    start_line: found.start.line,
                    start_column: found.start.column,
                    end_line: found.end.line,
                    end_column: found.end.column,
                },
            },
        }],
        partial_fingerprints: BTreeMap::from([("planLint/v1", fingerprint)]),
        fixes,
    }
}

/// The SARIF log for `files` (in the given order), pretty-printed with two-space
/// indentation and ending with a newline.
pub fn render(files: &[FileReport], totals: &Totals) -> String {
    let mut results = Vec::new();
    for file in files {
        let location = artifact_location(file);
        let fingerprints = super::gitlab::fingerprints(file);
        for (found, fingerprint) in file.findings.iter().zip(fingerprints) {
            results.push(result(found, &location, fingerprint));
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: SARIF_VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: &RULES,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseId {
                    description: Text {
                        text: "The repository root: the directory the plans' impact tables \
                               and file references are resolved against."
                            .to_string(),
                    },
                },
            )]),
            column_kind: "unicodeCodePoints",
            invocations: [Invocation {
                execution_successful: totals.failed == 0,
            }],
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).expect("plain data serializes");
    out.push('\n');
    out
}

/// Percent-encodes a `/`-separated path for a URI reference: every byte except the
/// unreserved characters, `/` and a few safe sub-delimiters. `:` is always encoded,
/// so a relative path can never be read as a scheme.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

use crate::docs::fence;

/// The body of the H2 section `title` of a rule page (up to the next H2 outside code
/// blocks), without surrounding blank lines.
fn section(page: &str, title: &str) -> Option<String> {
    let mut open: Option<(u8, usize)> = None;
    let mut body: Option<Vec<&str>> = None;
    for line in page.lines() {
        let fenced = open.is_some();
        match (open, fence(line)) {
            (None, Some((ch, len, _))) => open = Some((ch, len)),
            (Some((ch, len)), Some((c, l, info))) if c == ch && l >= len && info.is_empty() => {
                open = None
            }
            _ => {}
        }
        let heading = if fenced {
            None
        } else {
            line.strip_prefix("## ")
        };
        if let Some(h) = heading {
            if body.is_some() {
                break;
            }
            if h.trim().trim_end_matches('#').trim_end() == title {
                body = Some(Vec::new());
            }
            continue;
        }
        if let Some(b) = &mut body {
            b.push(line);
        }
    }
    let lines = body?;
    let text = lines.join("\n");
    let text = text.trim_matches('\n').trim_end();
    (!text.is_empty()).then(|| text.to_string())
}

/// Links to other rule pages (`[PL002](PL002.md)`) made absolute, so they work
/// wherever the Markdown is shown.
fn absolute_rule_links(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let target = rest.split(')').next().unwrap_or("");
        let code = target.strip_suffix(".md").unwrap_or("");
        if code.len() == 5
            && code.starts_with("PL")
            && code[2..].bytes().all(|b| b.is_ascii_digit())
        {
            out.push_str(&help_uri(code));
            rest = &rest[target.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// Markdown as plain text: paragraphs joined into single lines (separated by a blank
/// line), list items on their own lines, code span backticks, `**`/`__` emphasis and
/// link syntax removed (`[PL002](PL002.md)` → `PL002`). Code blocks are kept as
/// written, without their fences.
fn plain_text(markdown: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut open: Option<(u8, usize)> = None;
    let flush = |blocks: &mut Vec<String>, current: &mut String| {
        if !current.is_empty() {
            blocks.push(std::mem::take(current));
        }
    };
    for line in markdown.lines() {
        if let Some((ch, len)) = open {
            match fence(line) {
                Some((c, l, info)) if c == ch && l >= len && info.is_empty() => {
                    open = None;
                    flush(&mut blocks, &mut current);
                }
                _ => {
                    if !current.is_empty() {
                        current.push('\n');
                    }
                    current.push_str(line);
                }
            }
            continue;
        }
        if let Some((ch, len, _)) = fence(line) {
            flush(&mut blocks, &mut current);
            open = Some((ch, len));
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut blocks, &mut current);
            continue;
        }
        let item = ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m))
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if item && !current.is_empty() {
            current.push('\n');
        } else if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&inline_plain(trimmed));
    }
    flush(&mut blocks, &mut current);
    blocks.join("\n\n")
}

/// One line of Markdown inline content as plain text.
fn inline_plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let fence = &rest[..run];
            let after = &rest[run..];
            let close = after.match_indices(fence).find(|&(i, _)| {
                !after[i + run..].starts_with('`') && (i == 0 || !after[..i].ends_with('`'))
            });
            if let Some((i, _)) = close {
                let code = &after[..i];
                // CommonMark strips one space on each side when both are there.
                let code = if code.len() >= 2
                    && code.starts_with(' ')
                    && code.ends_with(' ')
                    && !code.trim().is_empty()
                {
                    &code[1..code.len() - 1]
                } else {
                    code
                };
                out.push_str(code);
                rest = &after[i + run..];
            } else {
                out.push_str(fence);
                rest = after;
            }
        } else if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
        } else if rest.starts_with('[') {
            // `[text](target)` → `text`; anything else stays as written.
            let link = rest[1..].find("](").and_then(|t| {
                let text = &rest[1..1 + t];
                let after = &rest[1 + t + 2..];
                after
                    .find(')')
                    .filter(|_| !text.contains('`'))
                    .map(|c| (text, 1 + t + 2 + c + 1))
            });
            match link {
                Some((text, len)) => {
                    out.push_str(text);
                    rest = &rest[len..];
                }
                None => {
                    out.push('[');
                    rest = &rest[1..];
                }
            }
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_stops_at_the_next_h2_outside_code() {
        let page =
            "# T\n\n## What it does\nA `b`\n```markdown\n## not a heading\n```\n\nC.\n## Why\nD\n";
        assert_eq!(
            section(page, "What it does").as_deref(),
            Some("A `b`\n```markdown\n## not a heading\n```\n\nC.")
        );
        assert_eq!(section(page, "Nope"), None);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text(
                "Checks **Files** and `x`, see\n[PL002](PL002.md).\n\n- one\n  more\n- ``a ` b``\n"
            ),
            "Checks Files and x, see PL002.\n\n- one more\n- a ` b"
        );
        assert_eq!(inline_plain("`unclosed and [x]"), "`unclosed and [x]");
    }

    #[test]
    fn rule_links_become_absolute() {
        assert_eq!(
            absolute_rule_links("[PL002](PL002.md)'s and [x](http://e)"),
            format!("[PL002]({})'s and [x](http://e)", help_uri("PL002"))
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("a b/c:d#é.md"), "a%20b/c%3Ad%23%C3%A9.md");
        assert_eq!(encode_uri_path("EXPORT/plan_x.md"), "EXPORT/plan_x.md");
    }
}
