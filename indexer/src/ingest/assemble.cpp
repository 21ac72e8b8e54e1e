#include "ingest/assemble.hpp"

#include <string_view>

#include "ingest/lines.hpp"
#include "ingest/metadata.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

// A paragraph long enough to be article body rather than a label or a headline.
constexpr std::size_t kBodyParagraph = 100;

// "3 Comments", "Comments", "Replies": a count or label that may also stand at the top of a page.
bool bare_comments_label(std::string_view p) {
    std::string k = line_key(p);
    std::size_t i = 0;
    while (i < k.size() &&
           ((k[i] >= '0' && k[i] <= '9') || k[i] == ' ' || k[i] == '(' || k[i] == ')')) {
        ++i;
    }
    std::string_view rest = std::string_view(k).substr(i);
    while (!rest.empty() && (rest.back() == ')' || rest.back() == ' ' ||
                             (rest.back() >= '0' && rest.back() <= '9') || rest.back() == '(')) {
        rest.remove_suffix(1);
    }
    return rest == "comments" || rest == "comment" || rest == "replies" || rest == "reply" ||
           rest == "responses";
}

// An entry in a list of links: short and shaped like a headline.
bool link_like(std::string_view p, LineKind kind) {
    return kind != LineKind::text || (p.size() <= 160 && looks_like_headline(p));
}

// A headline at the top of a text, given the paragraph after it: a line shaped like a headline
// that does not open the body with a dateline, or any single line that the wire's date line
// follows (the body never comes before the date line).
bool is_headline_line(std::string_view p, std::string_view next) {
    if (looks_like_headline(p) && !opens_with_dateline(p)) return true;
    return p.size() <= 200 && p.find('\n') == std::string_view::npos && parse_date_line(next);
}

// Runs of white space in a headline taken from a text become one space; a comma or semicolon
// left at its end goes.
std::string single_spaced(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if ((c == ' ' || c == '\t') && (out.empty() || out.back() == ' ')) continue;
        out += c == '\t' ? ' ' : c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';'))
        out.pop_back();
    return out;
}

void set_date(Article& a, const Date& d, DateSource src) {
    if (!a.date.empty()) return;
    a.date = d.iso();
    a.date_source = src;
}

void set_source(Article& a, const std::string& outlet) {
    if (a.source.empty() && !outlet.empty()) a.source = outlet;
}

}  // namespace

Article assemble(Draft draft) {
    Article& a = draft.article;
    const std::vector<std::string>& in = draft.paragraphs;

    // 1. Furniture and trailing sections.
    std::vector<LineKind> kinds = std::move(draft.kinds);
    const bool classified = kinds.size() == in.size();
    kinds.resize(in.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (!classified) kinds[i] = classify_line(in[i]);
        if (kinds[i] == LineKind::text) total += in[i].size();
    }
    std::vector<std::string_view> kept;
    kept.reserve(in.size());
    bool seen_body = false;
    std::size_t before = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::string& p = in[i];
        switch (kinds[i]) {
            case LineKind::comments_heading:
                // An explicit "Leave a Reply" ends the article; a bare "12 Comments" only when
                // most of the text is already behind us (else it is a counter in a share bar).
                if (seen_body && (!bare_comments_label(p) || before * 2 >= total)) {
                    i = in.size();
                }
                continue;
            case LineKind::related_heading:
                if (seen_body) {
                    while (i + 1 < in.size() && link_like(in[i + 1], kinds[i + 1]))
                        ++i;
                }
                continue;
            case LineKind::text:
                break;
            default:
                continue;
        }
        kept.push_back(p);
        before += p.size();
        if (p.size() >= kBodyParagraph) seen_body = true;
    }

    // 2. The header: date lines, bylines, labels, the headline and its repetitions.
    std::size_t h = 0;
    std::string headline_key = a.title.empty() ? std::string() : line_key(a.title);
    std::string raw_headline_key;
    for (; h < kept.size(); ++h) {
        std::string_view p = kept[h];
        if (auto d = parse_date_line(p)) {
            set_date(a, *d, DateSource::content);
            continue;
        }
        if (auto b = parse_byline(p)) {
            if (a.byline.empty()) a.byline = b->names;
            set_source(a, b->outlet);
            if (b->date) set_date(a, *b->date, DateSource::content);
            continue;
        }
        if (auto l = parse_label_line(p)) {
            if (l->field == LabelLine::Field::url) {
                if (a.url.empty()) a.url = l->value;
            } else {
                set_source(a, canonical_outlet(l->value));
            }
            continue;
        }
        std::string key = line_key(p);
        if (!key.empty() && (key == headline_key || key == raw_headline_key)) continue;
        if (draft.headline_in_text && a.title.empty() && h + 1 < kept.size() &&
            is_headline_line(p, kept[h + 1])) {
            std::string site;
            a.title = single_spaced(strip_site_suffix(p, a.source, &site));
            if (auto o = known_outlet(site)) set_source(a, *o);
            headline_key = line_key(a.title);
            raw_headline_key = key;
            continue;
        }
        break;
    }
    std::size_t first = h;
    std::size_t last = kept.size();  // exclusive

    // 3. The footer: sign-offs and labelled date lines; credit lines give the outlet.
    for (int n = 0; n < 4 && last > first; ++n) {
        std::string_view p = kept[last - 1];
        if (is_signoff(p)) {
            set_source(a, *known_outlet(p));
            --last;
            continue;
        }
        if (auto d = parse_date_line(p, /*need_label=*/true)) {
            set_date(a, *d, DateSource::content);
            --last;
            continue;
        }
        break;
    }

    // 4. The dateline opens the body.
    if (first < last && opens_with_dateline(kept[first])) {
        if (auto d = parse_dateline(kept[first])) {
            if (a.dateline.empty()) a.dateline = d->place;
            set_source(a, d->outlet);
            if (d->date) set_date(a, *d->date, DateSource::content);
        }
    }
    if (a.source.empty()) {
        std::size_t from = last > first + 5 ? last - 5 : first;
        for (std::size_t i = last; i > from; --i) {
            std::string outlet = credit_outlet(kept[i - 1]);
            if (!outlet.empty()) {
                a.source = outlet;
                break;
            }
        }
    }

    // 5. Title and date fallbacks, then the text.
    if (a.title.empty() && first < last) {
        a.title = headline_from_sentence(kept[first]);
        a.title_from_text = !a.title.empty();
    }
    if (a.date.empty() && !draft.mtime_date.empty()) {
        a.date = draft.mtime_date;
        a.date_source = DateSource::mtime;
    }
    std::size_t size = 0;
    for (std::size_t i = first; i < last; ++i)
        size += kept[i].size() + 2;
    a.text.clear();
    a.text.reserve(size);
    for (std::size_t i = first; i < last; ++i) {
        if (!a.text.empty()) a.text += "\n\n";
        a.text += kept[i];
    }
    return std::move(draft.article);
}

}  // namespace newsdesk::ingest
