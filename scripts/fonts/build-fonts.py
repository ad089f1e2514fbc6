#!/usr/bin/env python3
"""Builds the site's font files from @fontsource-variable/figtree (OFL). Run by hand when the
font changes, not at build time; the outputs are committed:

  apt-get install -y python3-fonttools python3-brotli   # Debian's fontTools
  /usr/bin/python3 scripts/fonts/build-fonts.py

- src/assets/fonts/figtree-latin.woff2: the variable font (weights 300 to 900), plus a glyph for
  U+202F, cut to what French pages use (FRENCH below: ASCII, every French letter, « », ’, “ ”,
  – —, …, ›, °, ·, ×, €, the no-break spaces) and to the layout features the site needs (kerning,
  marks, tabular figures): 13 KB, so that the font and its response headers fit in the first TCP
  window of a new connection (about 14.6 KB: one round trip instead of two). A character outside
  the cut is drawn from the fallback font. Google's Figtree has no narrow no-break space, which
  French puts before : ; ! ? and inside « »; without it the browser would draw that one character
  from a fallback font. The new glyph is blank, 0.15 em wide, the same at every weight.
- src/seo/fonts/Figtree-Regular.ttf and Figtree-ExtraBold.ttf: static instances (400, 800) for
  the Open Graph images (satori reads TTF, not WOFF2), with the same U+202F glyph, from the whole
  latin subset.
"""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fontTools.varLib.instancer import instantiateVariableFont

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / 'node_modules/@fontsource-variable/figtree/files/figtree-latin-wght-normal.woff2'
NNBSP = 0x202F
NNBSP_EM = 0.15
FRENCH = (
    set(range(0x20, 0x7F))
    | set(map(ord, 'àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ«»°·×’‘“”–—…›€'))
    | {0xA0, NNBSP}
)
FEATURES = ['ccmp', 'locl', 'rvrn', 'tnum', 'kern', 'mark', 'mkmk']


def add_narrow_no_break_space(font: TTFont) -> None:
    cmap = font.getBestCmap()
    if NNBSP in cmap:
        return
    name = 'uni202F'
    for tag in font.keys():
        font[tag]  # decompile every table before the glyph order changes
    order = font.getGlyphOrder() + [name]
    font.setGlyphOrder(order)
    font['glyf'].glyphs[name] = Glyph()
    font['glyf'].glyphOrder = order
    font['hmtx'].metrics[name] = (round(font['head'].unitsPerEm * NNBSP_EM), 0)
    font['maxp'].numGlyphs = len(order)
    if 'gvar' in font:
        font['gvar'].variations[name] = []
    for table in font['cmap'].tables:
        if table.isUnicode():
            table.cmap[NNBSP] = name
    if 'HVAR' in font:
        # The blank glyph's advance does not vary: point it at a delta set that is all zeros.
        hvar = font['HVAR'].table
        store = hvar.VarStore
        zero_row = [0] * store.VarData[0].VarRegionCount
        store.VarData[0].Item.append(zero_row)
        store.VarData[0].ItemCount = len(store.VarData[0].Item)
        inner = store.VarData[0].ItemCount - 1
        hvar.AdvWidthMap.mapping[name] = (0 << 16) | inner


def main() -> None:
    font = TTFont(SOURCE)
    add_narrow_no_break_space(font)
    full = ROOT / '.cache/figtree-latin-full.ttf'
    full.parent.mkdir(exist_ok=True)
    font.flavor = None
    font.save(full)
    for weight, style in ((400, 'Regular'), (800, 'ExtraBold')):
        static = instantiateVariableFont(TTFont(full), {'wght': weight}, updateFontNames=True)
        out = ROOT / f'src/seo/fonts/Figtree-{style}.ttf'
        static.save(out)
        print(out.relative_to(ROOT), out.stat().st_size, 'bytes')
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ['*']
    options.notdef_outline = True
    web_font = TTFont(full)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=FRENCH)
    subsetter.subset(web_font)
    web_font.flavor = 'woff2'
    web = ROOT / 'src/assets/fonts/figtree-latin.woff2'
    web_font.save(web)
    print(web.relative_to(ROOT), web.stat().st_size, 'bytes')
    print('unicode-range for src/styles/global.css:', unicode_range(TTFont(web).getBestCmap()))


def unicode_range(cmap: dict) -> str:
    """The @font-face unicode-range of the characters a font has, as ranges."""
    points = sorted(cmap)
    ranges, start, prev = [], points[0], points[0]
    for p in points[1:]:
        if p != prev + 1:
            ranges.append((start, prev))
            start = p
        prev = p
    ranges.append((start, prev))
    return ', '.join(f'U+{a:04X}' if a == b else f'U+{a:04X}-{b:04X}' for a, b in ranges) + ';'


if __name__ == '__main__':
    main()
