//! The parse floor: what linting costs at the very least with plan-lint's parser.
//!
//! `parse-floor PATHS…` finds every `.md` file under the given paths (files are taken
//! as they are), then, in parallel with rayon, reads each file and parses it with
//! comrak using exactly plan-lint's options ([`plan_lint::document::parse::comrak_options`]),
//! and drops the AST. Nothing else: no UTF-8 line index, no lowering, no rules, no
//! output but one summary line on standard error. `bench/compare.sh` times plan-lint
//! against it; see `bench/README.md`.
//!
//! Built only with `--features bench` (so `cargo install` does not install it):
//! `cargo build --release --features bench --bin parse-floor`.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let p = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => collect(&p, out),
                    Ok(t) if t.is_file() && p.extension().is_some_and(|e| e == "md") => out.push(p),
                    _ => {}
                }
            }
        }
        Err(_) => out.push(path.to_path_buf()),
    }
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: parse-floor PATHS...");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for a in &args {
        collect(a, &mut files);
    }
    let options = plan_lint::document::parse::comrak_options();
    let (bytes, nodes) = files
        .par_iter()
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return (0, 0);
            };
            let arena = comrak::Arena::new();
            let root = comrak::parse_document(&arena, &text, &options);
            // Touch the tree's top level so the parse cannot be optimised away.
            (text.len(), root.children().count())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "parse-floor: {} files, {} bytes, {} top-level blocks",
        files.len(),
        bytes,
        nodes
    );
}
