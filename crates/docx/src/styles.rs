//! Styles (`word/styles.xml`) and list numbering (`word/numbering.xml`): what a paragraph's or a
//! run's style makes it (heading, caption, title, bold, italic, centred, its font, its list).

use std::collections::HashMap;

use roxmltree::Node;

use crate::package::attr;

/// The properties this reader uses, as a style or a run sets them (`None`: not set here).
#[derive(Debug, Clone, Default)]
pub(crate) struct Props {
    pub(crate) bold: Option<bool>,
    pub(crate) italic: Option<bool>,
    /// The font of Latin text (`hAnsi`, else `ascii`).
    pub(crate) font: Option<String>,
}

impl Props {
    /// Run properties from an `rPr` element.
    pub(crate) fn of(rpr: Option<Node<'_, '_>>) -> Props {
        let Some(rpr) = rpr else {
            return Props::default();
        };
        let mut p = Props::default();
        for c in rpr.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "b" => p.bold = Some(on(c)),
                "i" => p.italic = Some(on(c)),
                "rFonts" => {
                    p.font = attr(c, "hAnsi")
                        .or_else(|| attr(c, "ascii"))
                        .map(str::to_string);
                }
                _ => {}
            }
        }
        p
    }

    /// `self` with what it leaves unset taken from `under`.
    pub(crate) fn over(&self, under: &Props) -> Props {
        Props {
            bold: self.bold.or(under.bold),
            italic: self.italic.or(under.italic),
            font: self.font.clone().or_else(|| under.font.clone()),
        }
    }
}

/// A toggle such as `<w:b/>` (on) or `<w:b w:val="0"/>` (off).
pub(crate) fn on(el: Node<'_, '_>) -> bool {
    !matches!(attr(el, "val"), Some("0" | "false" | "off" | "none"))
}

/// The child element called `local`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == local)
}

#[derive(Debug, Clone, Default)]
struct Style {
    /// Lowercase name (`heading 1`, `caption`, `title`): built-in styles keep their English name
    /// here whatever the language of Word.
    name: String,
    based_on: Option<String>,
    run: Props,
    center: Option<bool>,
    outline: Option<u8>,
    numbering: Option<(String, u32)>,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    defaults: Props,
    /// numId → level → ordered.
    lists: HashMap<String, HashMap<u32, bool>>,
}

/// What a paragraph's style chain says.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaStyle {
    /// Lowercase names, from the paragraph's own style down its `basedOn` chain.
    pub(crate) names: Vec<String>,
    pub(crate) run: Props,
    pub(crate) center: bool,
    pub(crate) outline: Option<u8>,
    pub(crate) numbering: Option<(String, u32)>,
}

impl ParaStyle {
    /// Heading level 1–6 (Word's "heading N", or an outline level), if a heading.
    pub(crate) fn heading(&self) -> Option<u8> {
        for n in &self.names {
            if let Some(l) = n
                .strip_prefix("heading ")
                .and_then(|l| l.trim().parse::<u8>().ok())
            {
                return Some(l.clamp(1, 6));
            }
        }
        self.outline.filter(|l| *l < 6).map(|l| l + 1)
    }

    pub(crate) fn is(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

fn pprops(ppr: Option<Node<'_, '_>>) -> (Option<bool>, Option<u8>, Option<(String, u32)>) {
    let Some(ppr) = ppr else {
        return (None, None, None);
    };
    let center = child(ppr, "jc")
        .and_then(|j| attr(j, "val"))
        .map(|v| v == "center");
    let outline = child(ppr, "outlineLvl")
        .and_then(|o| attr(o, "val"))
        .and_then(|v| v.parse().ok());
    let numbering = numbering_of(ppr);
    (center, outline, numbering)
}

/// `numPr` of a `pPr`: (numId, level).
pub(crate) fn numbering_of(ppr: Node<'_, '_>) -> Option<(String, u32)> {
    let num = child(ppr, "numPr")?;
    let id = child(num, "numId").and_then(|n| attr(n, "val"))?;
    let level = child(num, "ilvl")
        .and_then(|n| attr(n, "val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id.to_string(), level))
}

impl Styles {
    /// Reads `styles.xml` and `numbering.xml` (either may be absent).
    pub(crate) fn read(
        styles: Option<&roxmltree::Document<'_>>,
        numbering: Option<&roxmltree::Document<'_>>,
    ) -> Styles {
        let mut out = Styles::default();
        if let Some(doc) = styles {
            let root = doc.root_element();
            if let Some(rpr) = child(root, "docDefaults")
                .and_then(|d| child(d, "rPrDefault"))
                .and_then(|d| child(d, "rPr"))
            {
                out.defaults = Props::of(Some(rpr));
            }
            for s in root
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "style")
            {
                let Some(id) = attr(s, "styleId") else {
                    continue;
                };
                let (center, outline, numbering) = pprops(child(s, "pPr"));
                let style = Style {
                    name: child(s, "name")
                        .and_then(|n| attr(n, "val"))
                        .unwrap_or(id)
                        .to_lowercase(),
                    based_on: child(s, "basedOn")
                        .and_then(|b| attr(b, "val"))
                        .map(str::to_string),
                    run: Props::of(child(s, "rPr")),
                    center,
                    outline,
                    numbering,
                };
                if attr(s, "type") == Some("paragraph")
                    && attr(s, "default").is_some_and(|d| d == "1" || d == "true")
                {
                    out.default_paragraph = Some(id.to_string());
                }
                out.styles.insert(id.to_string(), style);
            }
        }
        if let Some(doc) = numbering {
            let root = doc.root_element();
            let mut abstracts: HashMap<String, HashMap<u32, bool>> = HashMap::new();
            for a in root
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "abstractNum")
            {
                let Some(id) = attr(a, "abstractNumId") else {
                    continue;
                };
                let mut levels = HashMap::new();
                for l in a
                    .children()
                    .filter(|n| n.is_element() && n.tag_name().name() == "lvl")
                {
                    let Some(level) = attr(l, "ilvl").and_then(|v| v.parse().ok()) else {
                        continue;
                    };
                    let format = child(l, "numFmt")
                        .and_then(|f| attr(f, "val"))
                        .unwrap_or("decimal");
                    levels.insert(level, !matches!(format, "bullet" | "none"));
                }
                abstracts.insert(id.to_string(), levels);
            }
            for n in root
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "num")
            {
                let (Some(id), Some(abs)) = (
                    attr(n, "numId"),
                    child(n, "abstractNumId").and_then(|a| attr(a, "val")),
                ) else {
                    continue;
                };
                if let Some(levels) = abstracts.get(abs) {
                    out.lists.insert(id.to_string(), levels.clone());
                }
            }
        }
        out
    }

    /// Style `id` and the styles it is based on, nearest first (a loop is cut).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            let Some(s) = self.styles.get(id) else { break };
            if out.len() >= 16 || out.iter().any(|o: &&Style| std::ptr::eq(*o, s)) {
                break;
            }
            out.push(s);
            next = s.based_on.as_deref();
        }
        out
    }

    /// What paragraph style `id` (or the default paragraph style) makes a paragraph.
    pub(crate) fn paragraph(&self, id: Option<&str>) -> ParaStyle {
        let id = id.or(self.default_paragraph.as_deref());
        let mut out = ParaStyle::default();
        let mut center = None;
        for s in self.chain(id) {
            out.names.push(s.name.clone());
            out.run = out.run.over(&s.run);
            out.outline = out.outline.or(s.outline);
            if out.numbering.is_none() {
                out.numbering = s.numbering.clone();
            }
            // The nearest style that sets the alignment decides.
            center = center.or(s.center);
        }
        out.center = center.unwrap_or(false);
        out.run = out.run.over(&self.defaults);
        out
    }

    /// What character style `id` sets.
    pub(crate) fn character(&self, id: Option<&str>) -> Props {
        let mut out = Props::default();
        for s in self.chain(id) {
            out = out.over(&s.run);
        }
        out
    }

    /// Whether list `num` at `level` is numbered (true) or bulleted (false); numbered if unknown.
    pub(crate) fn ordered(&self, num: &str, level: u32) -> bool {
        self.lists
            .get(num)
            .and_then(|l| l.get(&level))
            .copied()
            .unwrap_or(true)
    }

    /// Whether list `num` exists (numId 0 means "no list").
    pub(crate) fn is_list(&self, num: &str) -> bool {
        num != "0"
    }
}
