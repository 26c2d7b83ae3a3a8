//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One log with one run:
//!
//! * `tool.driver`: name, version, `informationUri`, and **every** registered rule in
//!   code order (not only the rules that fired, so `ruleIndex` is stable): `id` (the
//!   code), `name`, `shortDescription` (the rule's summary), `fullDescription` (the
//!   "What it does" section of its page, `rules/<CODE>.md`, as plain text and as
//!   Markdown, read by [`crate::docs`]), `help` (the whole page but its title, as plain
//!   text and as Markdown: what GitHub code scanning shows on every alert),
//!   `defaultConfiguration.level`, and `helpUri` only when a stable address exists
//!   (see [`help_uri`]).
//! * Links between rule pages (`[PL505](PL505.md)`) become absolute links with a
//!   stable address, and plain text (`PL505`) without one: a relative link would
//!   resolve against wherever the SARIF is shown.
//! * `originalUriBaseIds`: `%SRCROOT%`, the repository root, without a `uri` (it is
//!   machine-specific; uploaders such as `github/codeql-action/upload-sarif` resolve
//!   it to the checkout).
//! * `columnKind`: `unicodeCodePoints`, because columns count characters.
//! * `invocations[0].executionSuccessful`: false when some file could not be read or
//!   written (or a directory listed); `toolExecutionNotifications` has one entry per
//!   file that could not be read (`descriptor.id` `plan-lint/io-error`) or whose fix
//!   could not be written (`plan-lint/write-error`): `level` `error`, the reason as
//!   `message.text`, and the file's artifact location.
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
use crate::docs;
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

/// The address of a rule's page, when a stable one exists: the `repository` of
/// `Cargo.toml` at the release tag, `{repository}/blob/v{version}/rules/{code}.md`.
///
/// `None` while `Cargo.toml` names no `repository` (as today): a guessed address, or
/// one on a moving branch (`blob/main`, where a page may change or go after the
/// release), may 404 or describe another version, which is worse than none; the page
/// itself is in `help`. Setting `repository` is part of cutting a release, together
/// with its tag `v{version}`.
pub fn help_uri(code: &str) -> Option<String> {
    rules_base().map(|base| format!("{base}/{code}.md"))
}

fn rules_base() -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repository.is_empty())
        .then(|| format!("{repository}/blob/v{}/rules", env!("CARGO_PKG_VERSION")))
}

/// Links to other rule pages made absolute ([`help_uri`]), or, without a stable
/// address, reduced to their text.
fn rule_links(markdown: &str) -> String {
    if rules_base().is_some() {
        return docs::absolute_rule_links(markdown, |c| help_uri(c).unwrap_or_default());
    }
    static LINK: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\[([^\]\n]*)\]\(PL[0-9]{3}\.md\)").expect("valid pattern")
    });
    LINK.replace_all(markdown, "$1").into_owned()
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
    invocations: [Invocation<'a>; 1],
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
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<MultiformatText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
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
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text,
    locations: [NotificationLocation; 1],
    descriptor: Descriptor<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: ArtifactOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOnly {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct Descriptor<'a> {
    id: &'a str,
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
    let full_description = docs::page(meta.code)
        .and_then(|page| docs::section(page, "What it does"))
        .map(|markdown| MultiformatText {
            text: docs::plain_text(&markdown),
            markdown: rule_links(&markdown),
        });
    let help = docs::page(meta.code).map(|page| {
        // the page without its title line (the rule's id and name are beside it)
        let body = match page.split_once('\n') {
            Some((first, rest)) if first.starts_with("# ") => rest,
            _ => page,
        };
        let body = body.trim_matches('\n').trim_end();
        // As plain text: the lines before the first section, then each section's
        // title on a line of its own and its body.
        let intro = body.split("\n## ").next().unwrap_or("");
        let mut text = docs::plain_text(intro);
        for title in docs::section_titles(page) {
            if let Some(section) = docs::section(page, title) {
                text.push_str(&format!("\n\n{title}\n\n{}", docs::plain_text(&section)));
            }
        }
        MultiformatText {
            text: text.trim().to_string(),
            markdown: rule_links(body),
        }
    });
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Text {
            text: meta.summary.to_string(),
        },
        full_description,
        help,
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
    let mut notifications = Vec::new();
    for file in files {
        if let Some(failure) = &file.failure {
            notifications.push(Notification {
                level: "error",
                message: Text {
                    text: format!(
                        "{} {}: {}",
                        file.display_path(),
                        failure.kind.describe(),
                        failure.message
                    ),
                },
                locations: [NotificationLocation {
                    physical_location: ArtifactOnly {
                        artifact_location: artifact_location(file),
                    },
                }],
                descriptor: Descriptor {
                    id: failure.kind.check_name(),
                },
            });
        }
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
                tool_execution_notifications: notifications,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("a b/c:d#é.md"), "a%20b/c%3Ad%23%C3%A9.md");
        assert_eq!(encode_uri_path("EXPORT/plan_x.md"), "EXPORT/plan_x.md");
    }
}
