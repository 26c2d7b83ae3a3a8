//! What a source file says about the names a run looks for: where each is
//! **defined** (a function, method, class, struct, enum, interface, trait, type alias,
//! constant, module-level variable or field, with the class / impl / receiver /
//! module that holds it), where it is **used as code** (an identifier of the syntax
//! tree, so not a comment, not a string), and which string literals equal it (an
//! environment variable read as `os.environ["ACME_X"]`).
//!
//! One [tree-sitter](https://tree-sitter.github.io) parse per file, with the
//! grammars of Python, JavaScript (and JSX), TypeScript, TSX, Go, Rust, Java, C# and
//! Ruby. A definition is recognised by the kind of its syntax node (the kinds the
//! grammars' own `tags.scm` queries tag as `@definition.*`, plus constants,
//! module-level variables and fields, which those queries leave out), and its name by
//! the node's `name` field (or the grammar's equivalent). The walk is iterative (a
//! deeply nested file cannot overflow the stack), and a parse that does more than a
//! fixed amount of work per byte is abandoned ([`PARSE_WORK_PER_BYTE`]): the file then
//! counts as one without a grammar, never as a hang. The budget counts tree-sitter's
//! operations, not time, so the outcome is the same on every machine.
//!
//! Files without a grammar are not read here: [`crate::workspace::symbol_index`]
//! records where names occur in them as unverified occurrences.

use tree_sitter::{Language, Node, ParseOptions, Parser, Tree};

/// The languages with a grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// `.py`, `.pyi`
    Python,
    /// `.js`, `.mjs`, `.cjs`, `.jsx`
    JavaScript,
    /// `.ts`, `.mts`, `.cts`
    TypeScript,
    /// `.tsx`
    Tsx,
    /// `.go`
    Go,
    /// `.rs`
    Rust,
    /// `.java`
    Java,
    /// `.cs`
    CSharp,
    /// `.rb`, `.rake`
    Ruby,
}

/// Every language with a grammar, in a fixed order (one parser slot each).
pub const LANGS: [Lang; 9] = [
    Lang::Python,
    Lang::JavaScript,
    Lang::TypeScript,
    Lang::Tsx,
    Lang::Go,
    Lang::Rust,
    Lang::Java,
    Lang::CSharp,
    Lang::Ruby,
];

/// Files larger than this are not parsed: their occurrences count as unverified
/// (no definition is claimed or denied).
pub const MAX_PARSE_SIZE: u64 = 4 * 1024 * 1024;

/// A parse may run this many tree-sitter progress checks (one per 100 parser
/// operations) per byte of input, plus [`PARSE_WORK_BASE`]; beyond, it is abandoned.
/// A typical source file needs well under one check per 10 bytes.
pub const PARSE_WORK_PER_BYTE: usize = 1;

/// The fixed part of a parse's work budget (progress checks).
pub const PARSE_WORK_BASE: usize = 10_000;

impl Lang {
    /// The language of a file, by its extension (case-sensitive, as the compilers
    /// are); `None` for a file without a grammar.
    pub fn of_path(path: &str) -> Option<Lang> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (stem, ext) = name.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        Some(match ext {
            "py" | "pyi" => Lang::Python,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "ts" | "mts" | "cts" => {
                // `.d.ts` declares what a package exports: definitions all the same.
                Lang::TypeScript
            }
            "tsx" => Lang::Tsx,
            "go" => Lang::Go,
            "rs" => Lang::Rust,
            "java" => Lang::Java,
            "cs" => Lang::CSharp,
            "rb" | "rake" => Lang::Ruby,
            _ => return None,
        })
    }

    /// The grammar.
    pub fn language(self) -> Language {
        match self {
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Lang::Go => tree_sitter_go::LANGUAGE.into(),
            Lang::Rust => tree_sitter_rust::LANGUAGE.into(),
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Lang::Ruby => tree_sitter_ruby::LANGUAGE.into(),
        }
    }

    fn slot(self) -> usize {
        LANGS.iter().position(|l| *l == self).unwrap_or(0)
    }
}

/// One definition found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Def {
    /// The name's pattern id (an index into the scan's names).
    pub pid: u32,
    /// The class, struct, impl type, interface, trait, enum, module or receiver type
    /// that holds the definition (`PaymentService` for its method `refund`); `None` at
    /// the top level of the file.
    pub container: Option<Box<str>>,
    /// The 1-based line of the name.
    pub line: u32,
    /// For a class, the classes and interfaces it extends (`Base` in
    /// `class X(Base)`, `extends Base`, `: Base`, `< Base`), by their last name.
    pub bases: Vec<Box<str>>,
}

/// What one parsed file says about the names looked for.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// Definitions of names looked for.
    pub defs: Vec<Def>,
    /// Pattern ids used as identifiers of the code (definitions included).
    pub code: Vec<u32>,
    /// Pattern ids that are the whole content of a string literal.
    pub strings: Vec<u32>,
    /// The content of every string literal holding one of the probe keys (see
    /// [`analyse`]), for the API rules (routes, flags).
    pub literals: Vec<Box<str>>,
}

/// One parser per language, made on first use (a tree-sitter parser is `Send`, not
/// `Sync`: each scan worker has its own).
#[derive(Default)]
pub struct Parsers {
    slots: [Option<Parser>; LANGS.len()],
}

impl Parsers {
    /// Parses `src` as `lang` within the work budget; `None` when the grammar cannot be
    /// loaded or the budget ran out.
    pub fn parse(&mut self, lang: Lang, src: &[u8]) -> Option<Tree> {
        let slot = &mut self.slots[lang.slot()];
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&lang.language()).ok()?;
            *slot = Some(p);
        }
        let parser = slot.as_mut()?;
        let budget = PARSE_WORK_BASE + src.len().saturating_mul(PARSE_WORK_PER_BYTE);
        let mut checks = 0usize;
        let mut progress = |_: &tree_sitter::ParseState| {
            checks += 1;
            checks > budget
        };
        let len = src.len();
        let tree = parser.parse_with_options(
            &mut |i, _| if i < len { &src[i..] } else { &[] },
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        // A cancelled parse leaves the parser mid-way: start the next one afresh.
        parser.reset();
        tree
    }
}

/// Walks the tree of `src` and reports, for every name `lookup` knows (it maps an
/// identifier's bytes to its pattern id), its definitions, its uses as code and the
/// string literals equal to it; and keeps the string literals that contain one of
/// `probe` (substring keys, for the API rules).
pub fn analyse(
    lang: Lang,
    tree: &Tree,
    src: &[u8],
    lookup: &dyn Fn(&[u8]) -> Option<u32>,
    probes: &[&[u8]],
) -> Facts {
    let mut facts = Facts::default();
    let mut cursor = tree.walk();
    // The container of the children of each open node (None: top level).
    let mut containers: Vec<Option<Box<str>>> = Vec::new();
    loop {
        let node = cursor.node();
        let outer = containers.last().cloned().flatten();
        visit(
            lang,
            node,
            src,
            outer.as_deref(),
            lookup,
            probes,
            &mut facts,
        );
        if node.child_count() > 0 && cursor.goto_first_child() {
            let inner = container_name(lang, node, src).or(outer);
            containers.push(inner);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                facts.code.sort_unstable();
                facts.code.dedup();
                facts.strings.sort_unstable();
                facts.strings.dedup();
                facts.defs.sort();
                facts.defs.dedup();
                facts.literals.sort();
                facts.literals.dedup();
                return facts;
            }
            containers.pop();
        }
    }
}

fn text<'s>(node: Node<'_>, src: &'s [u8]) -> &'s [u8] {
    src.get(node.byte_range()).unwrap_or(&[])
}

fn is_identifier_kind(kind: &str) -> bool {
    kind.ends_with("identifier") || kind == "constant" || kind == "identifier_name"
}

fn is_string_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string"
            | "string_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "verbatim_string_literal"
            | "template_string"
    )
}

fn visit(
    lang: Lang,
    node: Node<'_>,
    src: &[u8],
    container: Option<&str>,
    lookup: &dyn Fn(&[u8]) -> Option<u32>,
    probes: &[&[u8]],
    facts: &mut Facts,
) {
    let kind = node.kind();
    if node.child_count() == 0 {
        if node.is_named()
            && is_identifier_kind(kind)
            && let Some(pid) = lookup(text(node, src))
        {
            facts.code.push(pid);
        }
        return;
    }
    if is_string_kind(kind) {
        let content = string_content(text(node, src));
        if let Some(pid) = lookup(content) {
            facts.strings.push(pid);
        }
        if !probes.is_empty()
            && content.len() <= 512
            && probes.iter().any(|p| contains(content, p))
            && let Ok(s) = std::str::from_utf8(content)
        {
            facts.literals.push(s.into());
        }
        return;
    }
    for (name, own) in definition_names(lang, node, src) {
        if let Some(pid) = lookup(text(name, src)) {
            let container = own.or_else(|| container.map(Box::from));
            facts.defs.push(Def {
                pid,
                container,
                line: name.start_position().row as u32 + 1,
                bases: bases(lang, node, src),
            });
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The inside of a string literal: without its prefix letters (`r`, `b`, `f`, `@`, …),
/// raw-string hashes and quotes.
fn string_content(s: &[u8]) -> &[u8] {
    let mut s = s;
    while let [c, rest @ ..] = s
        && (c.is_ascii_alphabetic() || *c == b'@' || *c == b'$' || *c == b'#')
    {
        s = rest;
    }
    while let [rest @ .., c] = s
        && *c == b'#'
    {
        s = rest;
    }
    let q = |c: &u8| matches!(c, b'"' | b'\'' | b'`');
    let start = s.iter().position(|c| !q(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !q(c)).map_or(start, |i| i + 1);
    if start >= end { &[] } else { &s[start..end] }
}

/// The last identifier of a name node: `Foo` in `a::b::Foo`, `Foo<T>` or `*Foo`.
fn name_leaf(node: Node<'_>) -> Option<Node<'_>> {
    if node.child_count() == 0 {
        return is_identifier_kind(node.kind()).then_some(node);
    }
    for field in ["name", "type"] {
        if let Some(n) = node.child_by_field_name(field) {
            return name_leaf(n);
        }
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    children.into_iter().rev().find_map(name_leaf)
}

fn field_names<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(field, &mut cursor)
        .filter_map(name_leaf)
        .collect()
}

/// The name of the class-like node `node` when its children are members of it.
fn container_name(lang: Lang, node: Node<'_>, src: &[u8]) -> Option<Box<str>> {
    let kind = node.kind();
    let holds = match lang {
        Lang::Python => matches!(kind, "class_definition"),
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => matches!(
            kind,
            "class_declaration"
                | "class"
                | "abstract_class_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "internal_module"
                | "module"
                | "variable_declarator"
        ),
        Lang::Go => matches!(kind, "type_spec"),
        Lang::Rust => matches!(
            kind,
            "impl_item" | "trait_item" | "struct_item" | "enum_item" | "union_item" | "mod_item"
        ),
        Lang::Java => matches!(
            kind,
            "class_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "record_declaration"
                | "annotation_type_declaration"
        ),
        Lang::CSharp => matches!(
            kind,
            "class_declaration"
                | "struct_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "record_declaration"
                | "namespace_declaration"
                | "file_scoped_namespace_declaration"
        ),
        Lang::Ruby => matches!(kind, "class" | "module" | "singleton_class"),
    };
    if !holds {
        return None;
    }
    let name = if lang == Lang::Rust && kind == "impl_item" {
        node.child_by_field_name("type").and_then(name_leaf)
    } else {
        node.child_by_field_name("name").and_then(name_leaf)
    }?;
    std::str::from_utf8(text(name, src)).ok().map(Box::from)
}

/// The name nodes `node` defines, each with the container it names itself (a Go
/// method's receiver type, the class of `self.x = …` or `Foo.prototype.bar = …`).
fn definition_names<'t>(
    lang: Lang,
    node: Node<'t>,
    src: &[u8],
) -> Vec<(Node<'t>, Option<Box<str>>)> {
    let kind = node.kind();
    let plain = |field: &str| -> Vec<(Node<'t>, Option<Box<str>>)> {
        field_names(node, field)
            .into_iter()
            .map(|n| (n, None))
            .collect()
    };
    match lang {
        Lang::Python => match kind {
            "function_definition" | "class_definition" => plain("name"),
            "assignment" | "augmented_assignment" => {
                let Some(left) = node.child_by_field_name("left") else {
                    return Vec::new();
                };
                python_targets(left, src)
            }
            _ => Vec::new(),
        },
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => match kind {
            "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "abstract_class_declaration"
            | "interface_declaration"
            | "type_alias_declaration"
            | "enum_declaration"
            | "function_signature"
            | "method_definition"
            | "method_signature"
            | "abstract_method_signature"
            | "property_signature"
            | "public_field_definition"
            | "internal_module"
            | "module"
            | "variable_declarator" => plain("name"),
            "class" => plain("name"),
            "field_definition" => plain("property"),
            "pair" => plain("key"),
            "enum_body" => plain("name"),
            "enum_assignment" => plain("name"),
            "assignment_expression" => {
                let Some(left) = node.child_by_field_name("left") else {
                    return Vec::new();
                };
                js_member_target(left, src)
            }
            _ => Vec::new(),
        },
        Lang::Go => match kind {
            "function_declaration" | "type_spec" | "type_alias" | "method_elem" => plain("name"),
            "const_spec" | "var_spec" | "field_declaration" => plain("name"),
            "method_declaration" => {
                let receiver = node
                    .child_by_field_name("receiver")
                    .and_then(first_type_identifier)
                    .and_then(|n| std::str::from_utf8(text(n, src)).ok())
                    .map(Box::from);
                field_names(node, "name")
                    .into_iter()
                    .map(|n| (n, receiver.clone()))
                    .collect()
            }
            _ => Vec::new(),
        },
        Lang::Rust => match kind {
            "function_item"
            | "function_signature_item"
            | "struct_item"
            | "enum_item"
            | "union_item"
            | "trait_item"
            | "type_item"
            | "const_item"
            | "static_item"
            | "mod_item"
            | "macro_definition"
            | "field_declaration"
            | "enum_variant" => plain("name"),
            _ => Vec::new(),
        },
        Lang::Java => match kind {
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration"
            | "method_declaration"
            | "constructor_declaration"
            | "enum_constant"
            | "annotation_type_element_declaration" => plain("name"),
            "field_declaration" | "constant_declaration" => {
                let mut cursor = node.walk();
                node.children_by_field_name("declarator", &mut cursor)
                    .filter_map(|d| d.child_by_field_name("name"))
                    .map(|n| (n, None))
                    .collect()
            }
            _ => Vec::new(),
        },
        Lang::CSharp => match kind {
            "class_declaration"
            | "struct_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "method_declaration"
            | "constructor_declaration"
            | "property_declaration"
            | "event_declaration"
            | "delegate_declaration"
            | "enum_member_declaration"
            | "namespace_declaration"
            | "file_scoped_namespace_declaration"
            | "variable_declarator" => plain("name"),
            _ => Vec::new(),
        },
        Lang::Ruby => match kind {
            "method" | "singleton_method" | "class" | "module" => plain("name"),
            "assignment" => {
                let Some(left) = node.child_by_field_name("left") else {
                    return Vec::new();
                };
                if left.kind() == "constant" {
                    vec![(left, None)]
                } else {
                    Vec::new()
                }
            }
            // `attr_reader :name`, `define_method(:name)`: the symbols name methods.
            "call" => ruby_attr(node, src),
            _ => Vec::new(),
        },
    }
}

/// The classes and interfaces a class node extends, by their last name.
fn bases(lang: Lang, node: Node<'_>, src: &[u8]) -> Vec<Box<str>> {
    let mut holders: Vec<Node<'_>> = Vec::new();
    let kind = node.kind();
    let mut cursor = node.walk();
    match lang {
        Lang::Python if kind == "class_definition" => {
            holders.extend(node.child_by_field_name("superclasses"));
        }
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx
            if matches!(
                kind,
                "class_declaration" | "class" | "abstract_class_declaration"
            ) =>
        {
            for c in node.named_children(&mut cursor) {
                if c.kind() == "class_heritage" {
                    let mut inner = c.walk();
                    let clauses: Vec<Node<'_>> = c.named_children(&mut inner).collect();
                    // JavaScript: the expression itself; TypeScript: extends and
                    // implements clauses.
                    if clauses
                        .iter()
                        .any(|n| matches!(n.kind(), "extends_clause" | "implements_clause"))
                    {
                        holders.extend(clauses);
                    } else {
                        holders.push(c);
                    }
                }
            }
        }
        Lang::Java
            if matches!(
                kind,
                "class_declaration"
                    | "interface_declaration"
                    | "record_declaration"
                    | "enum_declaration"
            ) =>
        {
            for field in ["superclass", "interfaces"] {
                holders.extend(node.child_by_field_name(field));
            }
            for c in node.named_children(&mut cursor) {
                if c.kind() == "extends_interfaces" {
                    holders.push(c);
                }
            }
        }
        Lang::CSharp
            if matches!(
                kind,
                "class_declaration"
                    | "struct_declaration"
                    | "interface_declaration"
                    | "record_declaration"
            ) =>
        {
            for c in node.named_children(&mut cursor) {
                if c.kind() == "base_list" {
                    holders.push(c);
                }
            }
        }
        Lang::Ruby if kind == "class" => holders.extend(node.child_by_field_name("superclass")),
        _ => {}
    }
    let mut out = Vec::new();
    for h in holders {
        let mut c = h.walk();
        let items: Vec<Node<'_>> = h.named_children(&mut c).collect();
        let items = if items.is_empty() { vec![h] } else { items };
        for item in items {
            // `metaclass=ABCMeta` is no base; `type_list` holds several.
            if item.kind() == "keyword_argument" {
                continue;
            }
            let mut inner = item.walk();
            let parts: Vec<Node<'_>> = if item.kind() == "type_list" {
                item.named_children(&mut inner).collect()
            } else {
                vec![item]
            };
            for part in parts {
                if let Some(leaf) = name_leaf(part)
                    && let Ok(t) = std::str::from_utf8(text(leaf, src))
                {
                    out.push(Box::from(t));
                }
            }
        }
    }
    out
}

fn first_type_identifier(node: Node<'_>) -> Option<Node<'_>> {
    if node.kind() == "type_identifier" {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    children.into_iter().find_map(first_type_identifier)
}

/// `x = …`, `x, y = …`, `x: int = …` define `x` (and `y`); `self.x = …` defines the
/// field `x` of the enclosing class; `Foo.x = …` the attribute `x` of `Foo`.
fn python_targets<'t>(left: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, Option<Box<str>>)> {
    match left.kind() {
        "identifier" => vec![(left, None)],
        "attribute" => {
            let (Some(object), Some(attr)) = (
                left.child_by_field_name("object"),
                left.child_by_field_name("attribute"),
            ) else {
                return Vec::new();
            };
            let object_text = text(object, src);
            if object_text == b"self" || object_text == b"cls" {
                vec![(attr, None)]
            } else if object.kind() == "identifier" {
                let owner = std::str::from_utf8(object_text).ok().map(Box::from);
                vec![(attr, owner)]
            } else {
                Vec::new()
            }
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            let mut cursor = left.walk();
            let children: Vec<Node<'t>> = left.named_children(&mut cursor).collect();
            children
                .into_iter()
                .flat_map(|c| python_targets(c, src))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// `Foo.prototype.bar = …` and `Foo.bar = …` define `bar` of `Foo`;
/// `module.exports.bar = …`, `exports.bar = …` and `this.bar = …` define `bar`.
fn js_member_target<'t>(left: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, Option<Box<str>>)> {
    if left.kind() != "member_expression" {
        return Vec::new();
    }
    let (Some(object), Some(prop)) = (
        left.child_by_field_name("object"),
        left.child_by_field_name("property"),
    ) else {
        return Vec::new();
    };
    let mut owner = object;
    if owner.kind() == "member_expression"
        && owner
            .child_by_field_name("property")
            .is_some_and(|p| text(p, src) == b"prototype")
        && let Some(o) = owner.child_by_field_name("object")
    {
        owner = o;
    }
    let owner_text = text(owner, src);
    let container = match owner_text {
        b"this" | b"exports" | b"module" | b"module.exports" => None,
        _ if owner.kind() == "identifier" => std::str::from_utf8(owner_text).ok().map(Box::from),
        _ => None,
    };
    vec![(prop, container)]
}

/// `attr_reader :a, :b` / `attr_accessor` / `attr_writer` / `define_method(:a)`.
fn ruby_attr<'t>(node: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, Option<Box<str>>)> {
    let Some(method) = node.child_by_field_name("method") else {
        return Vec::new();
    };
    if !matches!(
        text(method, src),
        b"attr_reader" | b"attr_accessor" | b"attr_writer" | b"define_method"
    ) {
        return Vec::new();
    }
    let Some(args) = node.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    let children: Vec<Node<'t>> = args.named_children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|c| c.kind() == "simple_symbol")
        .map(|c| (c, None))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(path: &str, src: &str, names: &[&str]) -> Vec<String> {
        let lang = Lang::of_path(path).expect("a grammar");
        let mut parsers = Parsers::default();
        let tree = parsers.parse(lang, src.as_bytes()).expect("parsed");
        let lookup = |b: &[u8]| {
            names
                .iter()
                .position(|n| n.as_bytes() == b || format!(":{n}").as_bytes() == b)
                .map(|i| i as u32)
        };
        let f = analyse(lang, &tree, src.as_bytes(), &lookup, &[]);
        let mut out: Vec<String> = f
            .defs
            .iter()
            .map(|d| {
                format!(
                    "def {}{} @{}",
                    d.container
                        .as_deref()
                        .map(|c| format!("{c}."))
                        .unwrap_or_default(),
                    names[d.pid as usize],
                    d.line
                )
            })
            .collect();
        out.sort();
        out.extend(
            f.code
                .iter()
                .map(|p| format!("code {}", names[*p as usize])),
        );
        out.extend(
            f.strings
                .iter()
                .map(|p| format!("string {}", names[*p as usize])),
        );
        out
    }

    #[test]
    fn python() {
        let src = "# Coupon is mentioned here\nimport os\nLIMIT = os.environ[\"ACME_LIMIT\"]\n\nclass PaymentService(Base):\n    rate = 3\n    def __init__(self):\n        self.client = None\n    def refund(self):\n        return \"Coupon\"\n\ndef create_app():\n    pass\n";
        let got = facts(
            "a/pay.py",
            src,
            &[
                "Coupon",
                "LIMIT",
                "ACME_LIMIT",
                "PaymentService",
                "rate",
                "client",
                "refund",
                "create_app",
                "os",
            ],
        );
        assert_eq!(
            got,
            [
                "def LIMIT @3",
                "def PaymentService @5",
                "def PaymentService.client @8",
                "def PaymentService.rate @6",
                "def PaymentService.refund @9",
                "def create_app @12",
                "code LIMIT",
                "code PaymentService",
                "code rate",
                "code client",
                "code refund",
                "code create_app",
                "code os",
                "string Coupon",
                "string ACME_LIMIT",
            ]
        );
    }

    #[test]
    fn rust_go_ts_java() {
        let rs = "/// `Missing` in a doc comment\npub struct Settings { pub port: u16 }\nimpl Settings {\n    pub fn from_env() -> Self { todo!() }\n}\nimpl<T> Trait for Wrapper<T> { fn go(&self) {} }\nconst MAX: u32 = 3;\nmacro_rules! m { () => {} }\n";
        assert_eq!(
            facts(
                "src/lib.rs",
                rs,
                &["Missing", "Settings", "port", "from_env", "go", "MAX", "m"]
            ),
            [
                "def MAX @7",
                "def Settings @2",
                "def Settings.from_env @4",
                "def Settings.port @2",
                "def Wrapper.go @6",
                "def m @8",
                "code Settings",
                "code port",
                "code from_env",
                "code go",
                "code MAX",
                "code m",
            ]
        );
        let go = "package srv\n// Missing\ntype Server struct { Addr string }\nfunc (s *Server) Start() error { return nil }\nfunc New() *Server { return nil }\nconst Max = 3\n";
        assert_eq!(
            facts(
                "srv/server.go",
                go,
                &["Missing", "Server", "Addr", "Start", "New", "Max"]
            ),
            [
                "def Max @6",
                "def New @5",
                "def Server @3",
                "def Server.Addr @3",
                "def Server.Start @4",
                "code Server",
                "code Addr",
                "code Start",
                "code New",
                "code Max",
            ]
        );
        let ts = "// Missing\nexport class RateLimiter {\n  limit = 3;\n  allow(key: string): boolean { return true; }\n}\nexport const createApp = () => ({ ready: true });\nexport interface Opts { burst: number }\nexport type Id = string;\n";
        assert_eq!(
            facts(
                "src/rl.ts",
                ts,
                &[
                    "Missing",
                    "RateLimiter",
                    "limit",
                    "allow",
                    "createApp",
                    "Opts",
                    "burst",
                    "Id",
                    "ready"
                ]
            ),
            [
                "def Id @8",
                "def Opts @7",
                "def Opts.burst @7",
                "def RateLimiter @2",
                "def RateLimiter.allow @4",
                "def RateLimiter.limit @3",
                "def createApp @6",
                "def createApp.ready @6",
                "code RateLimiter",
                "code limit",
                "code allow",
                "code createApp",
                "code Opts",
                "code burst",
                "code Id",
                "code ready",
            ]
        );
        let java = "package a;\n/* Missing */\npublic class Orders {\n  static final int MAX = 3;\n  public Order find(String id) { return null; }\n}\n";
        assert_eq!(
            facts(
                "src/Orders.java",
                java,
                &["Missing", "Orders", "MAX", "find"]
            ),
            [
                "def Orders @3",
                "def Orders.MAX @4",
                "def Orders.find @5",
                "code Orders",
                "code MAX",
                "code find",
            ]
        );
    }

    #[test]
    fn csharp_ruby() {
        let cs = "namespace Shop {\n  // Missing\n  public class Cart {\n    public int Count { get; set; }\n    private int total = 0;\n    public void Add() {}\n  }\n}\n";
        assert_eq!(
            facts(
                "Cart.cs",
                cs,
                &["Missing", "Shop", "Cart", "Count", "total", "Add"]
            ),
            [
                "def Cart.Add @6",
                "def Cart.Count @4",
                "def Cart.total @5",
                "def Shop @1",
                "def Shop.Cart @3",
                "code Shop",
                "code Cart",
                "code Count",
                "code total",
                "code Add",
            ]
        );
        let rb = "# Missing\nmodule Billing\n  class Invoice\n    attr_reader :total\n    LIMIT = 3\n    def pay; end\n    def self.find(id); end\n  end\nend\n";
        assert_eq!(
            facts(
                "lib/billing.rb",
                rb,
                &[
                    "Missing", "Billing", "Invoice", "total", "LIMIT", "pay", "find"
                ]
            ),
            [
                "def Billing @2",
                "def Billing.Invoice @3",
                "def Invoice.LIMIT @5",
                "def Invoice.find @7",
                "def Invoice.pay @6",
                "def Invoice.total @4",
                "code Billing",
                "code Invoice",
                "code LIMIT",
                "code pay",
                "code find",
            ]
        );
    }

    #[test]
    fn bases_of_classes() {
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "a.py",
                "class Gear(Spur, mixins.Log, metaclass=Meta):\n    pass\n",
                "Gear",
                &["Spur", "Log"],
            ),
            (
                "a.ts",
                "class A extends B implements C, D {}\n",
                "A",
                &["B", "C", "D"],
            ),
            (
                "a.js",
                "class A extends React.Component {}\n",
                "A",
                &["Component"],
            ),
            (
                "A.java",
                "class A extends B implements C, D {}\n",
                "A",
                &["B", "C", "D"],
            ),
            ("A.cs", "class A : B, IC {}\n", "A", &["B", "IC"]),
            ("a.rb", "class A < Base::B\nend\n", "A", &["B"]),
            ("a.rs", "struct A;\n", "A", &[]),
        ];
        for (path, src, class, want) in cases {
            let lang = Lang::of_path(path).unwrap();
            let mut parsers = Parsers::default();
            let tree = parsers.parse(lang, src.as_bytes()).unwrap();
            let lookup = |b: &[u8]| (b == class.as_bytes()).then_some(0);
            let f = analyse(lang, &tree, src.as_bytes(), &lookup, &[]);
            let got: Vec<&str> = f.defs[0].bases.iter().map(|b| &**b).collect();
            assert_eq!(&got, want, "{path}");
        }
    }

    #[test]
    fn string_contents() {
        assert_eq!(string_content(b"\"ACME\""), b"ACME");
        assert_eq!(string_content(b"r#\"x\"#"), b"x");
        assert_eq!(string_content(b"f'x'"), b"x");
        assert_eq!(string_content(b"@\"x\""), b"x");
        assert_eq!(string_content(b"`x`"), b"x");
        assert_eq!(string_content(b"\"\""), b"");
    }

    #[test]
    fn a_parse_over_budget_is_abandoned_not_hung() {
        // Deeply nested brackets: tree-sitter parses them, within the budget.
        let deep = "[".repeat(20_000);
        let mut parsers = Parsers::default();
        let tree = parsers.parse(Lang::JavaScript, deep.as_bytes());
        if let Some(tree) = tree {
            // The iterative walk does not overflow the stack.
            let f = analyse(
                Lang::JavaScript,
                &tree,
                deep.as_bytes(),
                &|_: &[u8]| None,
                &[],
            );
            assert!(f.defs.is_empty());
        }
        // The parser is usable again after any outcome.
        assert!(
            parsers
                .parse(Lang::JavaScript, b"function f() {}")
                .is_some()
        );
    }
}
