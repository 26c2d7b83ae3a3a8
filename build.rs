//! Embeds the rule documentation pages (`rules/PL<3 digits>.md`) in the binary.
//!
//! Writes `$OUT_DIR/rule_docs.rs`: one expression of type `&[(&str, &str)]`, the
//! pairs (code, `include_str!(<absolute path>)`) sorted by code, which `src/docs.rs`
//! includes. `include_str!` makes each page a dependency of the crate; the directory
//! itself is watched so that an added or removed page reruns this script.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// `PL` + three ASCII digits + `.md`: the code, when `name` is a page's file name.
fn page_code(name: &str) -> Option<&str> {
    let code = name.strip_suffix(".md")?;
    let digits = code.strip_prefix("PL")?;
    (digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");

    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_dir = manifest_dir.join("rules");
    let mut pages: Vec<(String, PathBuf)> = Vec::new();
    // A crate without a rules/ directory simply has no pages.
    if let Ok(entries) = fs::read_dir(&rules_dir) {
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("reading {}: {e}", rules_dir.display()));
            let name = entry.file_name();
            let Some(code) = name.to_str().and_then(page_code) else {
                continue;
            };
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            pages.push((code.to_string(), path));
        }
    }
    pages.sort();

    let mut out = String::from("&[\n");
    for (code, path) in &pages {
        let abs = absolute(path);
        let abs = abs
            .to_str()
            .unwrap_or_else(|| panic!("rule page path is not UTF-8: {}", abs.display()));
        // `{:?}` writes a Rust string literal with every special character escaped.
        out.push_str(&format!("    ({code:?}, include_str!({abs:?})),\n"));
    }
    out.push_str("]\n");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dest = out_dir.join("rule_docs.rs");
    // Rewrite only on change, so that an unchanged list does not rebuild the crate.
    if fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        fs::write(&dest, out).unwrap_or_else(|e| panic!("writing {}: {e}", dest.display()));
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
