// newsdesk search page: plain JavaScript, no build step, no external code.
//
// The URL holds the whole state (q, filter…, since, until, sort, collapse, page, article), so a
// search can be bookmarked and shared and the back button works. Text from the archive is only
// ever inserted with textContent; the exceptions are a result's snippet and title_html, which
// the server sends HTML-escaped with <mark> around matches, and which are checked to be exactly
// that before they are used as HTML.
//
// Searching: results follow the search box as one types. Requests go one at a time: while one is
// out, later changes wait, and only the newest state is asked for next; an answer for a state
// that is no longer current is dropped unseen.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const MAX_OFFSET = 10000;
  const TYPING_DELAY_MS = 40;   // debounce: a pause this long between keys starts a search
  const SLOW_MS = 350;          // an answer slower than this shows "Searching…"
  const FACET_STEP = 20;        // "show more" adds this many values
  const FACETS = [
    ['source', 'Outlets', 'Outlet'],
    ['person', 'People', 'Person'],
    ['org', 'Organisations', 'Organisation'],
    ['place', 'Places', 'Place'],
  ];
  const FACET_LABEL = Object.fromEntries(FACETS.map(([type, , one]) => [type, one]));

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('search-form'), q: $('q'), options: $('options'), sort: $('sort'),
    since: $('since'), until: $('until'), collapse: $('collapse'), refine: $('refine'),
    facets: $('facets'), active: $('active-filters'), filterList: $('filter-list'),
    clear: $('clear-filters'), heading: $('results-heading'), notice: $('notice'),
    error: $('error'), results: $('results'), pager: $('pager'), welcome: $('welcome'),
    reader: $('reader'), readerPanel: document.querySelector('.reader-panel'),
    readerClose: $('reader-close'), status: $('status'), timeline: $('timeline'),
    timelineCaption: $('timeline-caption'), timelineChart: $('timeline-chart'),
    timelineLegend: $('timeline-legend'),
  };
  const narrow = window.matchMedia('(max-width: 760px)');

  // ---- small DOM helpers: text only, never markup -------------------------------------------

  /** An element with a class and children (strings become text nodes). */
  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  function button(className, label, onClick, ...children) {
    const b = el('button', className, label, ...children);
    b.type = 'button';
    if (onClick) b.addEventListener('click', onClick);
    return b;
  }

  /** Replaces the children of `node`, skipping null, undefined and false. */
  function fill(node, ...children) {
    node.replaceChildren();
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  /** Marked-up text is trusted as HTML only if it is text, entities and <mark> tags. */
  const SAFE_MARKED = /^(?:[^<>]|<mark>|<\/mark>)*$/;
  function setMarked(node, html, plain) {
    if (typeof html === 'string' && SAFE_MARKED.test(html)) node.innerHTML = html;
    else node.textContent = plain !== undefined ? plain : String(html || '').replace(/<[^>]*>/g, '');
    return node;
  }

  /** http(s) links only: an article's URL could say javascript:. */
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  const number = new Intl.NumberFormat();
  const plural = (n, one, many) => `${number.format(n)} ${n === 1 ? one : many}`;
  function parseDay(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    return Number.isNaN(d.getTime()) ? null : d;
  }
  function formatDate(iso, options) {
    const d = parseDay(iso);
    if (!d) return iso;
    return d.toLocaleDateString(undefined, Object.assign(
      { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }, options || {}));
  }
  /** A real calendar day "YYYY-MM-DD" (not 2024-13-45, not 2023-02-29). */
  function isDay(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = parseDay(s);
    return d !== null && d.toISOString().slice(0, 10) === s;
  }

  // ---- state <-> URL ------------------------------------------------------------------------

  let dropped = [];  // dates from the URL that do not exist, said once on the page

  function readState(search) {
    const p = new URLSearchParams(search);
    const page = parseInt(p.get('page') || '1', 10);
    const day = (name) => {
      const v = p.get(name) || '';
      if (v && !isDay(v)) {
        dropped.push(v);
        return '';
      }
      return v;
    };
    return {
      q: p.get('q') || '',
      filters: p.getAll('filter').filter((f) => f.includes(':')),
      since: day('since'),
      until: day('until'),
      sort: ['relevance', 'date', 'newest-relevant'].includes(p.get('sort')) ? p.get('sort')
        : 'relevance',
      collapse: p.get('collapse') !== 'false',
      page: Number.isFinite(page) && page > 0 ? page : 1,
      article: p.get('article') || '',
    };
  }

  function stateParams(s, withArticle) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const f of s.filters) p.append('filter', f);
    if (s.since) p.set('since', s.since);
    if (s.until) p.set('until', s.until);
    if (s.sort !== 'relevance') p.set('sort', s.sort);
    if (!s.collapse) p.set('collapse', 'false');
    if (s.page > 1) p.set('page', String(s.page));
    if (withArticle && s.article) p.set('article', s.article);
    return p;
  }

  function stateUrl(s) {
    const query = stateParams(s, true).toString();
    return query ? '/?' + query : '/';
  }

  let state = readState(location.search);

  /** Moves to a new state: a new history entry (or a replaced one) and a new search. */
  function navigate(next, { replace = false, search = true } = {}) {
    state = next;
    const url = stateUrl(state);
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    typingEntry = false;
    if (search) runSearch();
    syncReader();
  }

  function withChanges(changes) {
    return Object.assign({}, state, { page: 1, article: '' }, changes);
  }

  // ---- searching ----------------------------------------------------------------------------

  let inflight = null;      // { key, controller } of the one request out
  let wanted = '';          // key of the state the page should show
  let shownKey = null;      // key of the state on screen
  let lastFocusTarget = null;
  let slowTimer = 0;
  let firstAnswer = true;
  let lastData = null;
  const facetLimit = {};    // facet type -> values to ask for ("show more")
  let lastInputAt = 0;      // performance.now() of the latest keystroke in the search box
  let typedAt = 0;          // ... of the keystroke behind the search typedKey names
  let typedKey = '';

  function isEmptySearch(s) {
    return !s.q.trim() && s.filters.length === 0 && !s.since && !s.until;
  }

  function searchParams(s) {
    const params = stateParams(s, false);
    params.delete('page');
    params.set('offset', String(Math.min((s.page - 1) * PAGE_SIZE, MAX_OFFSET)));
    params.set('limit', String(PAGE_SIZE));
    for (const [type] of FACETS) {
      if (facetLimit[type]) params.append('facet_limit', `${type}:${facetLimit[type]}`);
    }
    return params;
  }

  function syncControls() {
    if (document.activeElement !== ui.q) ui.q.value = state.q;
    ui.sort.value = state.sort;
    ui.since.value = state.since;
    ui.until.value = state.until;
    ui.collapse.checked = state.collapse;
    renderActiveFilters();
  }

  function showWelcome() {
    document.title = 'newsdesk';
    ui.welcome.hidden = false;
    ui.results.replaceChildren();
    ui.facets.replaceChildren();
    ui.timeline.hidden = true;
    ui.pager.hidden = true;
    ui.error.hidden = true;
    ui.heading.textContent = '';
    setBusy(false);
    renderNotice(null);
  }

  /** Asks for the current state, unless the same is on screen or already being asked for. */
  function runSearch() {
    syncControls();
    if (state.since && state.until && state.since > state.until) {
      showProblem('The dates are the wrong way round',
        `“From” (${formatDate(state.since)}) is after “To” (${formatDate(state.until)}).`,
        'Pick a “From” date before the “To” date.');
      wanted = '';
      return;
    }
    if (isEmptySearch(state)) {
      wanted = '';
      shownKey = '';
      if (inflight) inflight.controller.abort();
      inflight = null;
      showWelcome();
      return;
    }
    ui.welcome.hidden = true;
    wanted = searchParams(state).toString();
    if (wanted === shownKey && !inflight) return;
    if (firstAnswer) showSkeleton();
    if (!inflight) send();
  }

  async function send() {
    const key = wanted;
    const forState = state;
    const controller = new AbortController();
    inflight = { key, controller };
    clearTimeout(slowTimer);
    ui.results.setAttribute('aria-busy', 'true');
    slowTimer = setTimeout(() => setBusy(true), SLOW_MS);
    let res = null;
    let body = {};
    try {
      res = await fetch('/api/search?' + key,
        { signal: controller.signal, headers: { Accept: 'application/json' } });
      body = await res.json().catch(() => ({}));
    } catch (e) {
      if (e.name === 'AbortError') return;
      res = null;
    }
    if (inflight && inflight.controller !== controller) return;  // superseded by the welcome page
    inflight = null;
    if (key !== wanted) {
      // Stale: the user has moved on. Ask for what is wanted now instead.
      if (wanted) send();
      return;
    }
    clearTimeout(slowTimer);
    setBusy(false);
    firstAnswer = false;
    shownKey = key;
    if (!res) showProblem('The archive cannot be reached',
      'The search service is not answering.', 'Check the connection, then try again.', true);
    else if (!res.ok) showError(res.status);
    else render(body, forState);
    notePaint(key);
  }

  /** Records how long the keystroke behind this answer waited for its results to be painted. */
  function notePaint(key) {
    if (!typedAt || key !== typedKey) return;
    const start = typedAt;
    typedAt = 0;
    requestAnimationFrame(() => setTimeout(() => {
      performance.measure('newsdesk:keystroke-to-results', { start, end: performance.now() });
    }, 0));
  }

  function setBusy(busy) {
    if (busy) {
      ui.results.setAttribute('aria-busy', 'true');
      ui.results.classList.add('loading');
      ui.status.textContent = 'Searching…';
      ui.status.hidden = false;
    } else {
      clearTimeout(slowTimer);
      ui.results.removeAttribute('aria-busy');
      ui.results.classList.remove('loading');
      ui.status.hidden = true;
      ui.status.textContent = '';
    }
  }

  /** Grey placeholders while the first answer is on its way. */
  function showSkeleton() {
    if (ui.results.querySelector('.result:not(.skeleton)')) return;
    ui.heading.textContent = 'Searching…';
    const items = [];
    for (let i = 0; i < 4; i++) {
      const li = el('li', 'result skeleton', el('span', 'bone short'), el('span', 'bone title'),
        el('span', 'bone'), el('span', 'bone'));
      li.setAttribute('aria-hidden', 'true');
      items.push(li);
    }
    ui.results.replaceChildren(...items);
  }

  /** A problem said in the reader's words, with a way on when there is one. */
  function showProblem(heading, message, hint, retry) {
    setBusy(false);
    ui.results.replaceChildren();
    ui.pager.hidden = true;
    ui.timeline.hidden = true;
    renderNotice(null);
    ui.heading.textContent = heading;
    fill(ui.error, el('p', null, message), hint ? el('p', 'hint', hint) : null,
      retry ? button('retry', 'Try again', () => { shownKey = null; runSearch(); }) : null);
    ui.error.hidden = false;
  }

  // Server messages are for programs and operators (they name parameters and, for a missing
  // database, its path); the page says what happened in its own words.
  function showError(status) {
    if (status === 400) {
      showProblem('This search cannot be run',
        'Something in it cannot be understood: perhaps a quote or bracket that is not closed, ' +
        'or a field name that does not exist.',
        'Try plain words, or see the examples below the search box on the start page.');
    } else if (status === 503) {
      showProblem('The archive is not available right now',
        'Searching is not possible at the moment: the archive may still be being prepared.',
        'Try again in a minute.', true);
    } else {
      showProblem('Something went wrong', 'The search could not be completed.',
        'Try again; if it keeps happening, tell whoever runs this site.', true);
    }
  }

  // ---- rendering results --------------------------------------------------------------------

  function describeFilters(s) {
    const parts = [];
    if (s.since && s.until) parts.push(`from ${formatDate(s.since)} to ${formatDate(s.until)}`);
    else if (s.since) parts.push(`from ${formatDate(s.since)} on`);
    else if (s.until) parts.push(`up to ${formatDate(s.until)}`);
    for (const f of s.filters) {
      const colon = f.indexOf(':');
      parts.push(`${(FACET_LABEL[f.slice(0, colon)] || f.slice(0, colon)).toLowerCase()} ` +
        `${f.slice(colon + 1)}`);
    }
    return parts;
  }

  function render(data, forState) {
    lastData = data;
    ui.error.hidden = true;
    const total = data.total || 0;
    const first = data.offset + 1;
    const last = data.offset + data.results.length;
    const unit = forState.collapse ? (total === 1 ? 'story' : 'stories')
      : (total === 1 ? 'result' : 'results');
    const shown = data.corrected ? data.suggestion : forState.q;
    document.title = (shown ? shown + ' — ' : '') + 'newsdesk';
    if (total === 0) {
      const narrowed = describeFilters(forState);
      ui.heading.textContent = (shown ? `No results for “${shown}”` : 'No results') +
        (narrowed.length ? ` (${narrowed.join(', ')})` : '');
    } else {
      fill(ui.heading, data.partial ? 'at least ' : '',
        el('span', 'count', number.format(total)), ` ${unit}`,
        shown ? ` for “${shown}”` : '',
        forState.collapse && data.articles !== total
          ? el('span', 'sub', ` · ${plural(data.articles, 'article', 'articles')}`) : null,
        data.results.length ? el('span', 'sub', ` · showing ${first}–${last}`) : null);
    }
    renderNotice(data, forState);
    ui.results.replaceChildren(...data.results.map(resultItem));
    const focusKey = facetFocusKey();
    renderFacets(data, forState);
    restoreFacetFocus(focusKey);
    // Searches within a facet follow the results: their counts are over the new matches.
    for (const section of ui.facets.querySelectorAll('.facet-group')) {
      const type = section.dataset.type;
      if (facetSearch[type]) searchFacet(type, section.dataset.label, facetSearch[type].text, section);
    }
    renderTimeline(data.dates, forState);
    // Articles counted apart but listed after the results have pages too.
    renderPager(total + (data.partial_listed ? data.total_partial || 0 : 0));
  }

  function suggestionLink(label, next) {
    const link = el('a', 'suggestion', label);
    link.href = stateUrl(next);
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      navigate(next);
      ui.heading.focus({ preventScroll: true });
    });
    return link;
  }

  function renderNotice(data, forState) {
    const parts = [];
    if (dropped.length) {
      parts.push(el('p', null, `${dropped.map((d) => `“${d}”`).join(' and ')} ` +
        `${dropped.length === 1 ? 'is not a date' : 'are not dates'}, so the dates are not ` +
        'narrowing this search. Pick dates with the calendar fields.'));
      dropped = [];
    }
    if (data) {
      if (data.corrected) {
        parts.push(el('p', null, `No results for “${forState.q}”; showing results for ` +
          `“${data.suggestion}” instead.`));
      } else if (data.suggestion) {
        parts.push(el('p', null, 'Did you mean ',
          suggestionLink(data.suggestion, withChanges({ q: data.suggestion })), '?'));
      }
      const missing = Array.isArray(data.missing_shards) ? data.missing_shards : [];
      if (missing.length) {
        parts.push(el('p', 'partial missing-shards', `Part of the archive could not be reached ` +
          `(${plural(missing.length, 'shard', 'shards')}: ${missing.join(', ')}): these results ` +
          'are from the rest, and there may be more.'));
      } else if (data.partial) {
        parts.push(el('p', 'partial', 'This search took too long to count every match: the ' +
          'numbers here are at least these, and there may be more.'));
      }
      const more = data.total_partial || 0;
      if (more > 0 && data.question_words > 0) {
        parts.push(el('p', 'note', `${number.format(more)} more ${more === 1 ? 'holds' : 'hold'} ` +
          `fewer than ${data.words_needed} of the ${data.question_words} words of this question: ` +
          'listed too, ranked by all the words.'));
      } else if (more > 0 && data.partial_listed) {
        // Two to four words in relevance order: the articles holding all of them come first.
        parts.push(el('p', 'note', `${number.format(more)} more ${more === 1 ? 'matches' : 'match'} ` +
          'some of the words: listed after those holding all of them.'));
      } else if (more > 0) {
        // Two to four words by date: the articles holding all of them are listed; OR lists the
        // rest too.
        const words = (forState.q || '').trim().split(/\s+/);
        const plain = words.length > 1 && words.every((w) =>
          /^[\p{L}\p{N}'’.-]+$/u.test(w) && !/^(AND|OR|NOT|NEAR|XOR|ADJ)$/.test(w));
        parts.push(el('p', 'note', `${number.format(more)} more ${more === 1 ? 'matches' : 'match'} ` +
          'some of the words. ', plain
          ? suggestionLink('List those too', withChanges({ q: words.join(' OR ') }))
          : 'Put OR between the words to list those too.'));
      }
      const said = readerNote(data.note || '');
      if (said) parts.push(el('p', 'note', said));
      if ((data.total || 0) === 0) parts.push(...emptyHelp(data, forState));
      else if (Array.isArray(data.filter_suggestions) && data.filter_suggestions.length) {
        parts.push(filterSuggestions(data.filter_suggestions));
      }
    }
    ui.notice.replaceChildren(...parts);
    ui.notice.hidden = parts.length === 0;
  }

  /** The searcher's note (written for the command line too) in the reader's words. */
  function readerNote(note) {
    const kind = (type) => (FACET_LABEL[type] || type).toLowerCase();
    return note.split('; ').map((part) => {
      let m;
      // Entity filters resolved or missing (the suggestions themselves show as links).
      if (/^did you mean /.test(part)) return '';
      if ((m = part.match(/^no (\w+) "(.*)" in the archive$/))) return `No ${kind(m[1])} “${m[2]}” in the archive.`;
      if ((m = part.match(/^no (\w+) "(.*)"$/))) return `No ${kind(m[1])} “${m[2]}” among these articles.`;
      if ((m = part.match(/^(\w+):(.+) also finds \w+:"?([^"]+)"? \((\d+)\), /))) {
        return `${FACET_LABEL[m[1]] || m[1]} “${m[2]}” also finds ${m[3]} (${plural(Number(m[4]), 'article', 'articles')}).`;
      }
      if (/^stopped at the time limit/.test(part)) return '';  // said by "partial"
      if (/^No results for /.test(part) || /^showing results for /.test(part)) return '';  // "corrected"
      if (/^query syntax not understood/.test(part)) {
        return 'Some of the symbols in this search could not be understood, so it looks for the words alone.';
      }
      if (/^searched for the words/.test(part)) return '';
      return part;
    }).filter(Boolean).join(' ');
  }

  /** What to try when nothing matched: widen each narrowing in one click. */
  function emptyHelp(data, s) {
    const out = [];
    const ways = [];
    const valuesOf = (type) => s.filters.filter((f) => f.startsWith(type + ':'))
      .map((f) => f.slice(type.length + 1));
    if (Array.isArray(data.filter_removed)) {
      // The server says which filter emptied the list, and what leaving it out would find.
      for (const r of data.filter_removed) {
        if (!r || typeof r.type !== 'string') continue;
        const found = Number.isFinite(r.without) ? ` (${plural(r.without, 'result', 'results')})` : '';
        if (r.type === 'date') {
          ways.push(suggestionLink('search all dates' + found, withChanges({ since: '', until: '' })));
        } else if (r.type === 'all') {
          ways.push(suggestionLink('drop all the filters' + found,
            withChanges({ filters: [], since: '', until: '' })));
        } else {
          ways.push(suggestionLink(`leave out ${(FACET_LABEL[r.type] || r.type).toLowerCase()} ` +
            `${valuesOf(r.type).join(' or ')}${found}`,
          withChanges({ filters: s.filters.filter((f) => !f.startsWith(r.type + ':')) })));
        }
      }
    } else {
      if (s.since || s.until) ways.push(suggestionLink('search all dates', withChanges({ since: '', until: '' })));
      for (const f of s.filters) {
        const colon = f.indexOf(':');
        ways.push(suggestionLink(`leave out ${(FACET_LABEL[f.slice(0, colon)] || '').toLowerCase()} ` +
          `${f.slice(colon + 1)}`, withChanges({ filters: s.filters.filter((x) => x !== f) })));
      }
      if (ways.length > 1) {
        ways.push(suggestionLink('drop all the filters', withChanges({ filters: [], since: '', until: '' })));
      }
    }
    if (Array.isArray(data.filter_suggestions) && data.filter_suggestions.length) {
      out.push(filterSuggestions(data.filter_suggestions));
    }
    if (ways.length) {
      const p = el('p', null, s.q ? `“${s.q}” finds nothing with these filters. You could `
        : 'Nothing matches these filters. You could ');
      ways.forEach((w, i) => {
        if (i) p.append(i === ways.length - 1 ? ' or ' : ', ');
        p.append(w);
      });
      p.append('.');
      out.push(p);
    } else if (s.q) {
      out.push(el('p', null, (s.filters.length || s.since || s.until
        ? `“${s.q}” finds nothing even without the filters. ` : '') +
        'Check the spelling, or try fewer or different words.'));
    }
    return out;
  }

  /** Filters the server suggests for one that matches nothing: [{filter, count, instead_of}]. */
  function filterSuggestions(list) {
    const p = el('p', 'filter-suggestions', 'Did you mean ');
    const unquoted = (f) => {
      const colon = f.indexOf(':');
      const value = f.slice(colon + 1);
      return f.slice(0, colon + 1) + (/^".*"$/.test(value) ? value.slice(1, -1) : value);
    };
    let n = 0;
    for (const item of list.slice(0, 5)) {
      if (!item || typeof item.filter !== 'string' || !item.filter.includes(':')) continue;
      const f = unquoted(item.filter);
      const colon = f.indexOf(':');
      const label = `${f.slice(colon + 1)}` +
        (Number.isFinite(item.count) ? ` (${plural(item.count, 'article', 'articles')})` : '');
      const kept = state.filters.filter((x) => x !== item.instead_of && x !== unquoted(item.instead_of || ''));
      if (n++) p.append(', ');
      p.append(suggestionLink(label, withChanges({
        filters: kept.includes(f) ? kept : kept.concat([f]),
      })));
    }
    p.append('?');
    return p;
  }

  function dateNode(r) {
    if (!r.date) return null;
    if (r.date_source === 'mtime') {
      const t = el('time', 'date approx', `no date given · file saved ${formatDate(r.date)}`);
      t.dateTime = r.date;
      t.title = 'The article names no date; this is when its file was last saved.';
      return t;
    }
    const t = el('time', 'date', formatDate(r.date));
    t.dateTime = r.date;
    return t;
  }

  function metaLine(r) {
    const bits = [];
    if (r.source) bits.push(el('span', 'source', r.source));
    const date = dateNode(r);
    if (date) bits.push(date);
    else bits.push(el('span', 'date approx', 'no date'));
    if (r.dateline) bits.push(el('span', 'dateline', r.dateline));
    const p = el('p', 'meta');
    bits.forEach((b, i) => {
      if (i) p.append(el('span', 'sep', ' · '));
      p.append(b);
    });
    return p;
  }

  function articleLink(id, title, className, titleHtml) {
    const a = el('a', className);
    if (titleHtml && title) setMarked(a, titleHtml, title);
    else a.textContent = title || '(untitled)';
    a.href = stateUrl(Object.assign({}, state, { article: id }));
    a.addEventListener('click', (ev) => {
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
      ev.preventDefault();
      lastFocusTarget = a;
      navigate(Object.assign({}, state, { article: id }), { search: false });
    });
    return a;
  }

  function resultItem(r) {
    const item = el('li', 'result');
    const art = el('article', null);
    const heading = el('h3', 'title', articleLink(r.id, r.title, 'result-link', r.title_html));
    art.append(metaLine(r), heading, setMarked(el('p', 'snippet'), r.snippet || ''));
    if (r.byline) art.append(el('p', 'byline', r.byline));
    if (r.story && r.story.size > 1) art.append(storyBlock(r));
    item.append(art);
    return item;
  }

  function storyBlock(r) {
    const more = r.story.size - 1;
    const others = (r.story.sources || []).filter((s) => s !== r.source);
    const listId = 'story-' + r.id;
    const wrap = el('div', 'story');
    const toggle = button('story-toggle', `+${number.format(more)} more in this story`, null,
      others.length ? el('span', 'story-sources',
        ` (${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''})`) : null);
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', listId);
    const list = el('ul', 'story-list');
    list.id = listId;
    list.hidden = true;
    let loaded = false;
    toggle.addEventListener('click', async () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      list.hidden = !open;
      if (!open || loaded) return;
      loaded = true;
      list.replaceChildren(el('li', 'muted', 'Loading…'));
      try {
        const res = await fetch(`/api/stories/${encodeURIComponent(r.story.id)}?limit=50`);
        const body = await res.json();
        if (!res.ok) throw new Error(String(res.status));
        const items = body.results.filter((a) => a.id !== r.id).map((a) => el('li', null,
          articleLink(a.id, a.title), ' ',
          el('span', 'muted', [a.source, a.date && (a.date_source === 'mtime'
            ? 'no date given' : formatDate(a.date))].filter(Boolean).join(' · '))));
        if (body.story && body.story.size > body.results.length) {
          items.push(el('li', 'muted',
            `and ${number.format(body.story.size - body.results.length)} more`));
        }
        list.replaceChildren(...items);
      } catch (e) {
        loaded = false;
        list.replaceChildren(el('li', 'muted', 'The rest of this story cannot be loaded right now.'));
      }
    });
    wrap.append(toggle, list);
    return wrap;
  }

  // ---- the date histogram -------------------------------------------------------------------

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function bucketLabel(b, interval, short) {
    if (interval === 'day') return formatDate(b.start, short ? { year: undefined } : {});
    if (interval === 'week') return (short ? '' : 'week of ') + formatDate(b.start);
    if (interval === 'month') return formatDate(b.start, { day: undefined });
    return b.start.slice(0, 4);
  }

  let timelineState = null;  // { buckets, interval } of the chart on screen

  function renderTimeline(dates, s) {
    const buckets = dates && Array.isArray(dates.buckets) ? dates.buckets : [];
    const dated = buckets.reduce((n, b) => n + b.count, 0);
    if (!dated) {
      ui.timeline.hidden = true;
      timelineState = null;
      return;
    }
    const interval = dates.interval;
    if (buckets.length < 2 && !(s.since || s.until)) {
      // One day for every match: no picture to draw, but say what the dates are.
      const only = buckets.find((b) => b.count) || buckets[0];
      timelineState = null;
      ui.timelineCaption.textContent = only.file_dates === only.count
        ? `None of these articles names its date; their files are all from ${bucketLabel(only, interval)}.`
        : `All ${plural(dated, 'dated article', 'dated articles')} are from ${bucketLabel(only, interval)}.`;
      ui.timelineChart.replaceChildren();
      ui.timelineLegend.replaceChildren();
      ui.timeline.hidden = false;
      return;
    }
    timelineState = { buckets, interval };
    const unitName = { day: 'day', week: 'week', month: 'month', year: 'year' }[interval] || 'period';
    const max = Math.max(...buckets.map((b) => b.count));
    const peak = buckets.find((b) => b.count === max);
    ui.timelineCaption.textContent = `Articles by ${unitName}, ` +
      `${bucketLabel(buckets[0], interval)} – ${bucketLabel(buckets[buckets.length - 1], interval)}`;
    const W = 600, H = 76, top = 6, base = H;
    const step = W / buckets.length;
    const gap = step > 6 ? Math.min(2, step * 0.15) : 0;
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none',
      class: 'histogram', role: 'img', focusable: 'false' });
    chart.setAttribute('aria-label', `${plural(dated, 'dated article', 'dated articles')} ` +
      `over ${plural(buckets.length, unitName, unitName + 's')}; most in ` +
      `${bucketLabel(peak, interval)} (${number.format(max)}). Drag across the chart to pick ` +
      'dates, or use the From and To fields.');
    chart.append(svg('line', { x1: 0, x2: W, y1: base + 0.5, y2: base + 0.5, class: 'axis' }));
    const selection = svg('rect', { x: 0, y: 0, width: 0, height: base, class: 'selection' });
    chart.append(selection);
    buckets.forEach((b, i) => {
      const h = b.count ? Math.max(2, (b.count / max) * (base - top)) : 0;
      const fileH = b.count ? (b.file_dates / b.count) * h : 0;
      const x = i * step + gap / 2;
      const g = svg('g', { class: 'bar' });
      const t = svg('title');
      t.textContent = `${bucketLabel(b, interval)}: ${plural(b.count, 'article', 'articles')}` +
        (b.file_dates ? ` (${number.format(b.file_dates)} dated only by file time)` : '');
      g.append(t);
      if (h - fileH > 0) g.append(svg('rect', { x, y: base - h, width: step - gap, height: h - fileH, class: 'named' }));
      if (fileH > 0) g.append(svg('rect', { x, y: base - fileH, width: step - gap, height: fileH, class: 'file' }));
      // A full-height target, so thin bars are easy to hover and to start a drag on.
      g.append(svg('rect', { x: i * step, y: 0, width: step, height: base, class: 'hit' }));
      chart.append(g);
    });
    // The axis labels are HTML under the chart: text in a stretched SVG would stretch too.
    const middle = Math.floor((buckets.length - 1) / 2);
    const axis = el('div', 'timeline-axis', el('span', null, bucketLabel(buckets[0], interval, true)),
      buckets.length > 2 ? el('span', null, bucketLabel(buckets[middle], interval, true)) : null,
      el('span', null, bucketLabel(buckets[buckets.length - 1], interval, true)));
    axis.setAttribute('aria-hidden', 'true');
    ui.timelineChart.replaceChildren(chart, axis);
    attachDrag(chart, selection, step);
    const fileTotal = dates.file_dates || 0;
    fill(ui.timelineLegend,
      el('span', 'key named', 'dated by the article'),
      fileTotal ? el('span', 'key file', `dated only by file time (${number.format(fileTotal)})`) : null,
      dates.undated ? el('span', 'key none', `${plural(dates.undated, 'article', 'articles')} with no date`) : null,
      el('span', 'hint', 'Drag across the bars to pick dates.'));
    ui.timeline.hidden = false;
  }

  function attachDrag(chart, selection, step) {
    let from = -1;
    const indexAt = (ev) => {
      const box = chart.getBoundingClientRect();
      const x = (ev.clientX - box.left) / box.width * 600;
      const n = timelineState.buckets.length;
      return Math.max(0, Math.min(n - 1, Math.floor(x / step)));
    };
    const show = (a, b) => {
      const lo = Math.min(a, b), hi = Math.max(a, b);
      selection.setAttribute('x', String(lo * step));
      selection.setAttribute('width', String((hi - lo + 1) * step));
    };
    chart.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0 || !timelineState) return;
      ev.preventDefault();
      from = indexAt(ev);
      chart.setPointerCapture(ev.pointerId);
      show(from, from);
      chart.classList.add('dragging');
    });
    chart.addEventListener('pointermove', (ev) => {
      if (from >= 0) show(from, indexAt(ev));
    });
    const finish = (ev, apply) => {
      if (from < 0) return;
      const to = indexAt(ev);
      const lo = Math.min(from, to), hi = Math.max(from, to);
      from = -1;
      chart.classList.remove('dragging');
      if (!apply) {
        selection.setAttribute('width', '0');
        return;
      }
      const { buckets } = timelineState;
      navigate(withChanges({ since: buckets[lo].start, until: buckets[hi].end }));
    };
    chart.addEventListener('pointerup', (ev) => finish(ev, true));
    chart.addEventListener('pointercancel', (ev) => finish(ev, false));
  }

  // ---- facets and filters -------------------------------------------------------------------

  function filterKey(type, value) {
    return `${type}:${value}`;
  }

  function toggleFilter(type, value) {
    const key = filterKey(type, value);
    const adding = !state.filters.includes(key);
    const filters = adding ? state.filters.concat([key]) : state.filters.filter((f) => f !== key);
    navigate(withChanges({ filters }));
    if (narrow.matches && ui.refine.contains(document.activeElement)) {
      // On a phone the panel covers the results: fold it and show them, the chip at the top.
      ui.refine.open = false;
      ui.heading.focus({ preventScroll: true });
      const target = ui.active.hidden ? ui.heading : ui.active;
      target.scrollIntoView({ block: 'start' });
    }
  }

  const facetSearch = {};  // type -> { text, values, distinct } while searching within a facet

  function facetButton(type, v) {
    const active = state.filters.includes(filterKey(type, v.value));
    const b = button('facet', null, () => toggleFilter(type, v.value),
      el('span', 'facet-name', v.value), el('span', 'facet-count', number.format(v.count)));
    b.setAttribute('aria-pressed', String(active));
    b.setAttribute('aria-label', `${v.value}, ${plural(v.count, 'article', 'articles')}`);
    b.dataset.type = type;
    b.dataset.value = v.value;
    b.tabIndex = -1;
    return el('li', null, b);
  }

  function renderFacetGroup(type, label, values, distinct, section) {
    const search = facetSearch[type];
    const list = section.querySelector('.facet-list');
    const shown = search ? search.values : values;
    // Values in use stay visible even when the counts or the search would push them out.
    const items = shown.map((v) => facetButton(type, v));
    for (const f of state.filters) {
      const colon = f.indexOf(':');
      if (f.slice(0, colon) !== type || search) continue;
      const value = f.slice(colon + 1);
      if (!shown.some((v) => v.value === value)) items.unshift(facetButton(type, { value, count: 0 }));
    }
    if (!items.length) {
      items.push(el('li', 'muted facet-none', search ? `No ${label.toLowerCase()} match “${search.text}”.`
        : 'None among these results.'));
    }
    list.replaceChildren(...items);
    const total = search ? search.distinct : distinct;
    const more = section.querySelector('.facet-more');
    more.replaceChildren();
    if (!search && total > shown.length) {
      const b = button('link-button facet-show', `Show more (${number.format(total - shown.length)})`, () => {
        facetLimit[type] = shown.length + FACET_STEP;
        facetReturn = { type, index: shown.length };
        shownKey = null;
        runSearch();
      });
      b.tabIndex = -1;
      b.dataset.type = type;
      more.append(b);
    } else if (search && total > shown.length) {
      more.append(el('span', 'muted', `${number.format(total - shown.length)} more: type more letters`));
    }
  }

  /** A new query starts with short facet lists again. */
  function shortFacetLists() {
    for (const type of Object.keys(facetLimit)) delete facetLimit[type];
  }

  let facetReturn = null;  // after "show more": the value to focus, { type, index }

  function renderFacets(data) {
    const facets = data.facets || {};
    const distinctOf = data.facet_values || {};
    const sections = [];
    for (const [type, label] of FACETS) {
      const values = facets[type] || [];
      const distinct = Number.isFinite(distinctOf[type]) ? distinctOf[type] : values.length;
      const inUse = state.filters.some((f) => f.startsWith(type + ':'));
      if (!values.length && !inUse && !facetSearch[type]) continue;
      const headingId = 'facet-' + type;
      const h = el('h3', null, label);
      h.id = headingId;
      const section = el('section', 'facet-group', h);
      section.setAttribute('aria-labelledby', headingId);
      section.dataset.type = type;
      section.dataset.label = label;
      if (distinct > 10 || facetSearch[type]) {
        const input = el('input', 'facet-search');
        input.type = 'search';
        input.placeholder = `Find ${label.toLowerCase()}…`;
        input.setAttribute('aria-label', `Find ${label.toLowerCase()} by name`);
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.tabIndex = -1;
        input.dataset.type = type;
        if (facetSearch[type]) input.value = facetSearch[type].text;
        input.addEventListener('input', () => searchFacet(type, label, input.value, section));
        input.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter') {
            ev.preventDefault();
            const firstValue = section.querySelector('button.facet');
            if (firstValue) firstValue.click();
          } else if (ev.key === 'Escape' && input.value) {
            ev.preventDefault();
            ev.stopPropagation();
            input.value = '';
            searchFacet(type, label, '', section);
          }
        });
        section.append(input);
      }
      section.append(el('ul', 'facet-list'), el('div', 'facet-more'));
      renderFacetGroup(type, label, values, distinct, section);
      sections.push(section);
    }
    ui.facets.replaceChildren(...sections);
    rovingReset();
  }

  // Searching within a facet: the same query and filters, no results, values by word prefix.
  const facetTimers = {};
  function searchFacet(type, label, text, section) {
    clearTimeout(facetTimers[type]);
    const prefix = text.trim();
    if (!prefix) {
      delete facetSearch[type];
      if (lastData) {
        const values = (lastData.facets || {})[type] || [];
        renderFacetGroup(type, label, values, (lastData.facet_values || {})[type] || values.length,
          section);
      }
      return;
    }
    facetTimers[type] = setTimeout(async () => {
      const params = searchParams(state);
      params.set('limit', '0');
      params.set('offset', '0');
      params.append('facet_prefix', `${type}:${prefix}`);
      const limit = Math.max(facetLimit[type] || 10, 20);
      params.delete('facet_limit');
      params.append('facet_limit', `${type}:${limit}`);
      try {
        const res = await fetch('/api/search?' + params.toString());
        if (!res.ok) return;
        const body = await res.json();
        const input = section.querySelector('.facet-search');
        if (!input || input.value.trim() !== prefix) return;  // typed on meanwhile
        facetSearch[type] = { text: prefix, values: (body.facets || {})[type] || [],
          distinct: (body.facet_values || {})[type] || 0 };
        renderFacetGroup(type, label, [], 0, section);
        rovingReset();
      } catch (e) {
        // Offline: the list stays as it was.
      }
    }, TYPING_DELAY_MS);
  }

  // The facet sidebar is one tab stop: arrows move between its search boxes, values and
  // "show more" buttons; Tab leaves it.
  let rovingKey = null;
  function rovingItems() {
    return [...ui.facets.querySelectorAll('.facet-search, button.facet, button.facet-show')];
  }
  function itemKey(node) {
    if (!node) return null;
    return { kind: node.classList.contains('facet') ? 'value'
      : node.classList.contains('facet-search') ? 'search' : 'more',
    type: node.dataset.type, value: node.dataset.value };
  }
  function findItem(key) {
    if (!key) return null;
    return rovingItems().find((n) => {
      const k = itemKey(n);
      return k.kind === key.kind && k.type === key.type && k.value === key.value;
    }) || null;
  }
  function rovingReset() {
    const items = rovingItems();
    const current = findItem(rovingKey) || items[0];
    for (const n of items) n.tabIndex = n === current ? 0 : -1;
  }
  function rovingFocus(node) {
    for (const n of rovingItems()) n.tabIndex = n === node ? 0 : -1;
    rovingKey = itemKey(node);
    node.focus();
  }
  ui.facets.addEventListener('focusin', (ev) => {
    if (rovingItems().includes(ev.target)) {
      rovingKey = itemKey(ev.target);
      for (const n of rovingItems()) n.tabIndex = n === ev.target ? 0 : -1;
    }
  });
  ui.facets.addEventListener('keydown', (ev) => {
    const items = rovingItems();
    const at = items.indexOf(document.activeElement);
    if (at < 0) return;
    let next = -1;
    if (ev.key === 'ArrowDown') next = Math.min(items.length - 1, at + 1);
    else if (ev.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (ev.key === 'Home' && document.activeElement.tagName !== 'INPUT') next = 0;
    else if (ev.key === 'End' && document.activeElement.tagName !== 'INPUT') next = items.length - 1;
    if (next < 0) return;
    ev.preventDefault();
    rovingFocus(items[next]);
  });

  function facetFocusKey() {
    return ui.facets.contains(document.activeElement) ? itemKey(document.activeElement) : null;
  }
  function restoreFacetFocus(key) {
    if (facetReturn) {
      const values = [...ui.facets.querySelectorAll(`button.facet`)]
        .filter((b) => b.dataset.type === facetReturn.type);
      const target = values[facetReturn.index] || values[values.length - 1];
      facetReturn = null;
      if (target) rovingFocus(target);
      return;
    }
    if (!key) return;
    const again = findItem(key) || rovingItems()[0];
    if (again) rovingFocus(again);
  }

  function chip(label, onRemove) {
    const b = button('chip', label, null, el('span', 'chip-x', '×'));
    b.setAttribute('aria-label', `Remove filter: ${label}`);
    b.lastChild.setAttribute('aria-hidden', 'true');
    b.addEventListener('click', () => {
      // Focus moves to the next chip, or the one before, or the results heading.
      const li = b.parentElement;
      const index = [...ui.filterList.children].indexOf(li);
      onRemove();
      const chips = ui.filterList.querySelectorAll('.chip');
      const next = chips[Math.min(index, chips.length - 1)];
      if (next) next.focus();
      else ui.heading.focus({ preventScroll: true });
    });
    return el('li', null, b);
  }

  function renderActiveFilters() {
    const chips = state.filters.map((f) => {
      const colon = f.indexOf(':');
      const type = f.slice(0, colon);
      const value = f.slice(colon + 1);
      return chip(`${FACET_LABEL[type] || type}: ${value}`,
        () => navigate(withChanges({ filters: state.filters.filter((x) => x !== f) })));
    });
    if (state.since) chips.push(chip(`From ${formatDate(state.since)}`, () => navigate(withChanges({ since: '' }))));
    if (state.until) chips.push(chip(`To ${formatDate(state.until)}`, () => navigate(withChanges({ until: '' }))));
    ui.filterList.replaceChildren(...chips);
    ui.active.hidden = chips.length === 0;
  }

  // ---- pagination ---------------------------------------------------------------------------

  function renderPager(total) {
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(MAX_OFFSET / PAGE_SIZE) + 1);
    if (pages <= 1) {
      ui.pager.hidden = true;
      ui.pager.replaceChildren();
      return;
    }
    const current = Math.min(state.page, pages);
    const list = el('ul', null);
    const link = (page, label, className, ariaLabel) => {
      const a = el('a', className, label);
      a.href = stateUrl(Object.assign({}, state, { page, article: '' }));
      if (ariaLabel) a.setAttribute('aria-label', ariaLabel);
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        navigate(Object.assign({}, state, { page, article: '' }));
        ui.heading.focus();
      });
      return a;
    };
    if (current > 1) list.append(el('li', null, link(current - 1, '‹ Previous', 'step', 'Previous page')));
    const shown = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
    let gap = false;
    for (let p = 1; p <= pages; p++) {
      if (!shown.has(p)) {
        if (!gap) list.append(el('li', 'gap', '…'));
        gap = true;
        continue;
      }
      gap = false;
      if (p === current) {
        const here = el('span', 'current', String(p));
        here.setAttribute('aria-current', 'page');
        list.append(el('li', null, here));
      } else {
        list.append(el('li', null, link(p, String(p), null, `Page ${p}`)));
      }
    }
    if (current < pages) list.append(el('li', null, link(current + 1, 'Next ›', 'step', 'Next page')));
    ui.pager.replaceChildren(list);
    ui.pager.hidden = false;
  }

  // ---- the article reader -------------------------------------------------------------------

  let readerShowing = '';
  const outside = [document.querySelector('.skip'), document.querySelector('.masthead'),
    document.querySelector('.layout')];

  async function syncReader() {
    if (!state.article) {
      if (readerShowing) closeReaderView();
      return;
    }
    if (readerShowing === state.article) return;
    readerShowing = state.article;
    const id = state.article;
    $('reader-title').textContent = 'Loading…';
    for (const part of ['reader-meta', 'reader-byline', 'reader-entities', 'reader-text', 'reader-link']) {
      $(part).replaceChildren();
    }
    if (!lastFocusTarget && ui.reader.hidden) lastFocusTarget = document.activeElement;
    ui.reader.hidden = false;
    for (const node of outside) if (node) node.inert = true;
    document.body.classList.add('reading');
    $('reader-title').focus();
    try {
      const res = await fetch('/api/articles/' + encodeURIComponent(id));
      const a = await res.json();
      if (readerShowing !== id) return;
      if (!res.ok) throw new Error(String(res.status));
      showArticle(a);
    } catch (e) {
      if (readerShowing !== id) return;
      $('reader-title').textContent = 'This article cannot be shown';
      $('reader-text').replaceChildren(el('p', null, e.message === '404'
        ? 'It is no longer in the archive.' : 'It cannot be loaded right now; try again later.'));
    }
  }

  function showArticle(a) {
    $('reader-meta').replaceChildren(...metaLine(a).childNodes);
    $('reader-title').textContent = a.title || '(untitled)';
    $('reader-byline').textContent = a.byline || '';
    const groups = [];
    for (const [type, label] of FACETS) {
      const names = type === 'source' ? [] : (a.entities[type] || []);
      if (!names.length) continue;
      const buttons = names.map((name) => {
        const b = button('entity', name, () => {
          const key = filterKey(type, name);
          const filters = state.filters.includes(key) ? state.filters : state.filters.concat([key]);
          lastFocusTarget = ui.heading;
          navigate(withChanges({ filters }));
        });
        b.setAttribute('aria-label', `Filter by ${FACET_LABEL[type]} ${name}`);
        return el('li', null, b);
      });
      groups.push(el('div', 'entity-group', el('h3', null, label), el('ul', null, ...buttons)));
    }
    $('reader-entities').replaceChildren(...groups);
    const paragraphs = (a.text || '').split(/\n{2,}/).filter((t) => t.trim());
    $('reader-text').replaceChildren(...paragraphs.map((t) => el('p', null, t)));
    const url = a.url && safeUrl(a.url);
    const link = $('reader-link');
    link.replaceChildren();
    if (url) {
      const out = el('a', null, 'Read the original');
      out.href = url;
      out.rel = 'noopener noreferrer';
      out.target = '_blank';
      link.append(out);
    }
  }

  function closeReaderView() {
    readerShowing = '';
    ui.reader.hidden = true;
    for (const node of outside) if (node) node.inert = false;
    document.body.classList.remove('reading');
    const back = lastFocusTarget;
    lastFocusTarget = null;
    if (back && document.contains(back) && back !== document.body) {
      back.focus({ preventScroll: back === ui.heading });
    } else {
      const first = ui.results.querySelector('.result-link');
      if (first) first.focus();
    }
  }

  function closeReader() {
    if (!state.article) return;
    navigate(Object.assign({}, state, { article: '' }), { search: false });
  }

  // Tab and Shift+Tab go round the reader while it is open (the rest of the page is inert too).
  ui.reader.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab') return;
    const focusable = [...ui.readerPanel.querySelectorAll('button, a[href], [tabindex="0"]')]
      .filter((n) => n.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (ev.shiftKey && (document.activeElement === first || !ui.readerPanel.contains(document.activeElement)
        || document.activeElement.id === 'reader-title')) {
      ev.preventDefault();
      last.focus();
    } else if (!ev.shiftKey && document.activeElement === last) {
      ev.preventDefault();
      first.focus();
    }
  });

  // ---- keyboard in the results --------------------------------------------------------------

  function resultLinks() {
    return [...ui.results.querySelectorAll('.result-link')];
  }

  ui.results.addEventListener('keydown', (ev) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(ev.key)) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const links = resultLinks();
    const current = ev.target.closest('.result');
    if (!current || !links.length) return;
    const at = links.findIndex((a) => current.contains(a));
    let next = at;
    if (ev.key === 'ArrowDown') next = Math.min(links.length - 1, at + 1);
    else if (ev.key === 'ArrowUp') next = at - 1;
    else if (ev.key === 'Home') next = 0;
    else next = links.length - 1;
    ev.preventDefault();
    if (next < 0) {
      ui.q.focus();
      return;
    }
    links[next].focus();
  });

  // ---- wiring -------------------------------------------------------------------------------

  // Typing: the first change after a finished search is a new history entry, later ones
  // replace it, so Back goes to the search before, not to each keystroke.
  //
  // The debounce has a leading edge: a key pressed after a pause, with no answer awaited,
  // searches at once; keys pressed faster than TYPING_DELAY_MS apart wait for the pause.
  let typingTimer = 0;
  let typingEntry = false;
  let quietUntil = 0;
  function commitTyping() {
    typingTimer = 0;
    const q = ui.q.value.trim();
    if (q === state.q) return;
    const next = withChanges({ q });
    shortFacetLists();
    typedKey = isEmptySearch(next) ? '' : searchParams(next).toString();
    typedAt = lastInputAt;
    navigate(next, { replace: typingEntry });
    typingEntry = true;
  }
  ui.q.addEventListener('input', () => {
    lastInputAt = performance.now();
    clearTimeout(typingTimer);
    if (lastInputAt >= quietUntil && !inflight) commitTyping();
    else typingTimer = setTimeout(commitTyping, TYPING_DELAY_MS);
    quietUntil = lastInputAt + TYPING_DELAY_MS;
  });
  ui.q.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && !ev.altKey) {
      const first = resultLinks()[0];
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  });
  ui.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(typingTimer);
    const q = ui.q.value.trim();
    if (q !== state.q) {
      shortFacetLists();
      navigate(withChanges({ q }), { replace: typingEntry });
    }
    typingEntry = false;
  });
  ui.sort.addEventListener('change', () => navigate(withChanges({ sort: ui.sort.value })));
  ui.collapse.addEventListener('change', () => navigate(withChanges({ collapse: ui.collapse.checked })));
  for (const input of [ui.since, ui.until]) {
    input.addEventListener('change', () => {
      if (input.value && !isDay(input.value)) return;
      navigate(withChanges({ since: ui.since.value, until: ui.until.value }));
    });
  }
  ui.options.addEventListener('submit', (ev) => ev.preventDefault());
  ui.clear.addEventListener('click', () => {
    navigate(withChanges({ filters: [], since: '', until: '' }));
    ui.q.focus();
  });
  ui.readerClose.addEventListener('click', closeReader);
  ui.reader.addEventListener('click', (ev) => {
    if (ev.target === ui.reader) closeReader();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !ui.reader.hidden) {
      ev.preventDefault();
      closeReader();
      return;
    }
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (ev.key === '/' && !typing && !ev.metaKey && !ev.ctrlKey && !ev.altKey && ui.reader.hidden) {
      ev.preventDefault();
      ui.q.focus();
      ui.q.select();
    }
  });
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    typingEntry = false;
    runSearch();
    syncReader();
  });

  // Filters start folded on a phone, open on a wider screen.
  // On a wide screen the panel is always open: its summary is a heading, not a control.
  const summary = ui.refine.querySelector('summary');
  const foldFilters = () => {
    ui.refine.open = !narrow.matches;
    if (narrow.matches) summary.removeAttribute('tabindex');
    else summary.tabIndex = -1;
  };
  summary.addEventListener('click', (ev) => {
    if (!narrow.matches) ev.preventDefault();
  });
  narrow.addEventListener('change', foldFilters);
  foldFilters();

  ui.q.value = state.q;
  runSearch();
  if (state.article) lastFocusTarget = null;
  syncReader();
  if (!state.q && !state.article) ui.q.focus();
})();
