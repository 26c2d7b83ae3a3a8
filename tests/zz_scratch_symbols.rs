use plan_lint::{
    config::Config,
    fs_view::FsView,
    lint::{Linter, Selection},
    symbols,
};
use std::sync::Arc;
fn run(root: &str, dir: &str) {
    let fs = FsView::new(root);
    let linter = Linter::new(
        Config::defaults(".".into()),
        &Selection {
            select: Some(vec!["PL307".into(), "PL308".into(), "PL309".into()]),
            ignore: vec![],
        },
    )
    .unwrap();
    let mut docs = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        docs.push(plan_lint::parse::parse(&p, Arc::from(text.as_str())));
    }
    let refs: Vec<_> = docs.iter().collect();
    let t = std::time::Instant::now();
    let idx = symbols::index_for(&linter, std::path::Path::new(root), &refs).unwrap();
    eprintln!(
        "scan {:?} read {} skipped {}",
        t.elapsed(),
        idx.files_read(),
        idx.files_skipped()
    );
    for doc in &docs {
        for d in linter.lint_document_with(doc, &fs, None, Some(&idx)) {
            let lc = doc.line_col(d.span.start);
            eprintln!(
                "{}:{}:{} {} {} | {:?}",
                doc.path.file_name().unwrap().to_string_lossy(),
                lc.line,
                lc.column,
                d.code,
                d.message,
                d.help
            );
        }
    }
}
#[test]
fn show() {
    run("/work/main", "/work/main/EXPORT");
    run(
        "/work/main/fixtures/corpus/repo",
        "/work/main/fixtures/corpus/EXPORT",
    );
}
