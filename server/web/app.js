// newsdesk search page: plain JavaScript, no build step, no external code.
//
// The URL holds the whole state (q, filter…, since, until, sort, collapse, page, article), so a
// search can be bookmarked and shared and the back button works. Text from the archive is only
// ever inserted with textContent; the one exception is a result's snippet, which the server
// sends HTML-escaped with <mark> around matches, and which is checked to be exactly that before
// it is used as HTML.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const MAX_OFFSET = 10000;
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
    reader: $('reader'), readerClose: $('reader-close'),
  };

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

  /** Replaces the children of `node`, skipping null, undefined and false. */
  function fill(node, ...children) {
    node.replaceChildren();
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'number' ? String(child) : child);
    }
    return node;
  }

  /** A snippet is trusted as HTML only if it is text, entities and <mark> tags, nothing else. */
  const SAFE_SNIPPET = /^(?:[^<>]|<mark>|<\/mark>)*$/;
  function snippetNode(html) {
    const p = el('p', 'snippet');
    if (SAFE_SNIPPET.test(html)) {
      p.innerHTML = html;
    } else {
      p.textContent = html.replace(/<[^>]*>/g, '');
    }
    return p;
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
  function formatDate(iso) {
    const d = new Date(iso + 'T00:00:00Z');
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleDateString(undefined,
      { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  // ---- state <-> URL ------------------------------------------------------------------------

  function readState(search) {
    const p = new URLSearchParams(search);
    const page = parseInt(p.get('page') || '1', 10);
    return {
      q: p.get('q') || '',
      filters: p.getAll('filter').filter((f) => f.includes(':')),
      since: p.get('since') || '',
      until: p.get('until') || '',
      sort: p.get('sort') || 'relevance',
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
    if (search) runSearch();
    syncReader();
  }

  function withChanges(changes) {
    return Object.assign({}, state, { page: 1, article: '' }, changes);
  }

  // ---- searching ----------------------------------------------------------------------------

  let inflight = null;
  let lastFocusTarget = null;

  function isEmptySearch(s) {
    return !s.q.trim() && s.filters.length === 0 && !s.since && !s.until;
  }

  function syncControls() {
    if (document.activeElement !== ui.q) ui.q.value = state.q;
    ui.sort.value = state.sort;
    ui.since.value = state.since;
    ui.until.value = state.until;
    ui.collapse.checked = state.collapse;
    renderActiveFilters();
  }

  async function runSearch() {
    syncControls();
    if (inflight) inflight.abort();
    if (isEmptySearch(state)) {
      inflight = null;
      document.title = 'newsdesk';
      ui.welcome.hidden = false;
      ui.results.replaceChildren();
      ui.facets.replaceChildren();
      ui.pager.hidden = true;
      ui.notice.hidden = true;
      ui.error.hidden = true;
      ui.heading.textContent = '';
      return;
    }
    ui.welcome.hidden = true;
    const params = stateParams(state, false);
    params.delete('page');
    params.set('offset', String(Math.min((state.page - 1) * PAGE_SIZE, MAX_OFFSET)));
    params.set('limit', String(PAGE_SIZE));
    const controller = new AbortController();
    inflight = controller;
    ui.results.setAttribute('aria-busy', 'true');
    ui.results.classList.add('loading');
    try {
      const res = await fetch('/api/search?' + params.toString(),
        { signal: controller.signal, headers: { Accept: 'application/json' } });
      const body = await res.json().catch(() => ({}));
      if (controller !== inflight) return;
      if (!res.ok) {
        showError(res.status, body.error || res.statusText);
        return;
      }
      render(body);
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(0, 'The search service cannot be reached. Is newsdesk-serve running?');
    } finally {
      if (controller === inflight) {
        ui.results.removeAttribute('aria-busy');
        ui.results.classList.remove('loading');
        inflight = null;
      }
    }
  }

  function showError(status, message) {
    ui.results.replaceChildren();
    ui.pager.hidden = true;
    ui.notice.hidden = true;
    ui.heading.textContent = status === 400 ? 'That search cannot be run'
      : status === 503 ? 'The archive is not available right now' : 'Something went wrong';
    fill(ui.error, el('p', null, message),
      status === 503 ? el('p', 'hint', 'It may still be being indexed; try again in a moment.')
        : null);
    ui.error.hidden = false;
  }

  // ---- rendering results --------------------------------------------------------------------

  function render(data) {
    ui.error.hidden = true;
    const total = data.total || 0;
    const first = data.offset + 1;
    const last = data.offset + data.results.length;
    const unit = state.collapse ? (total === 1 ? 'story' : 'stories')
      : (total === 1 ? 'result' : 'results');
    const shown = data.corrected ? data.suggestion : state.q;
    document.title = (shown ? shown + ' — ' : '') + 'newsdesk';
    if (total === 0) {
      ui.heading.textContent = shown ? `No results for “${shown}”` : 'No results';
    } else {
      fill(ui.heading,
        el('span', 'count', number.format(total)), ` ${unit}`,
        shown ? ` for “${shown}”` : '',
        state.collapse && data.articles !== total
          ? el('span', 'sub', ` · ${number.format(data.articles)} articles`) : null,
        data.results.length ? el('span', 'sub', ` · showing ${first}–${last}`) : null);
    }
    renderNotice(data);
    ui.results.replaceChildren(...data.results.map(resultItem));
    renderFacets(data.facets || {});
    renderPager(total);
  }

  function renderNotice(data) {
    const parts = [];
    if (data.corrected) {
      parts.push(el('span', null, data.note || `Showing results for “${data.suggestion}”.`));
    } else if (data.suggestion) {
      const link = el('a', 'suggestion', data.suggestion);
      link.href = stateUrl(withChanges({ q: data.suggestion }));
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        navigate(withChanges({ q: data.suggestion }));
      });
      parts.push(el('span', null, 'Did you mean ', link, '?'));
    }
    if (data.note && !data.corrected) parts.push(el('span', 'note', data.note));
    ui.notice.replaceChildren(...parts);
    ui.notice.hidden = parts.length === 0;
  }

  function metaLine(r) {
    const bits = [];
    if (r.source) bits.push(el('span', 'source', r.source));
    if (r.date) {
      const t = el('time', r.date_source === 'mtime' ? 'date approx' : 'date', formatDate(r.date));
      t.dateTime = r.date;
      if (r.date_source === 'mtime') t.title = 'Date of the file: the article names none';
      bits.push(t);
    }
    if (r.dateline) bits.push(el('span', 'dateline', r.dateline));
    const p = el('p', 'meta');
    bits.forEach((b, i) => {
      if (i) p.append(el('span', 'sep', ' · '));
      p.append(b);
    });
    return p;
  }

  function articleLink(id, title, className) {
    const a = el('a', className, title || '(untitled)');
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
    const heading = el('h3', 'title', articleLink(r.id, r.title));
    art.append(metaLine(r), heading, snippetNode(r.snippet || ''));
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
    const button = el('button', 'story-toggle',
      `+${number.format(more)} more in this story`,
      others.length ? el('span', 'story-sources',
        ` (${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''})`) : null);
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', listId);
    const list = el('ul', 'story-list');
    list.id = listId;
    list.hidden = true;
    let loaded = false;
    button.addEventListener('click', async () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      list.hidden = !open;
      if (!open || loaded) return;
      loaded = true;
      list.replaceChildren(el('li', 'muted', 'Loading…'));
      try {
        const res = await fetch(`/api/stories/${encodeURIComponent(r.story.id)}?limit=50`);
        const body = await res.json();
        if (!res.ok) throw new Error(body.error || res.statusText);
        const items = body.results.filter((a) => a.id !== r.id).map((a) => el('li', null,
          articleLink(a.id, a.title), ' ',
          el('span', 'muted', [a.source, a.date && formatDate(a.date)].filter(Boolean).join(' · '))));
        if (body.story && body.story.size > body.results.length) {
          items.push(el('li', 'muted',
            `and ${number.format(body.story.size - body.results.length)} more`));
        }
        list.replaceChildren(...items);
      } catch (e) {
        loaded = false;
        list.replaceChildren(el('li', 'muted', 'Could not load the story: ' + e.message));
      }
    });
    wrap.append(button, list);
    return wrap;
  }

  // ---- facets and filters -------------------------------------------------------------------

  function filterKey(type, value) {
    return `${type}:${value}`;
  }

  function toggleFilter(type, value) {
    const key = filterKey(type, value);
    const filters = state.filters.includes(key)
      ? state.filters.filter((f) => f !== key) : state.filters.concat([key]);
    navigate(withChanges({ filters }));
  }

  function renderFacets(facets) {
    const sections = [];
    for (const [type, label] of FACETS) {
      const values = facets[type] || [];
      if (!values.length) continue;
      const headingId = 'facet-' + type;
      const list = el('ul', 'facet-list');
      for (const v of values) {
        const active = state.filters.includes(filterKey(type, v.value));
        const b = el('button', 'facet', el('span', 'facet-name', v.value),
          el('span', 'facet-count', number.format(v.count)));
        b.type = 'button';
        b.setAttribute('aria-pressed', String(active));
        b.setAttribute('aria-label', `${v.value}, ${v.count} ${v.count === 1 ? 'article' : 'articles'}`);
        b.dataset.type = type;
        b.dataset.value = v.value;
        b.addEventListener('click', () => toggleFilter(type, v.value));
        list.append(el('li', null, b));
      }
      const h = el('h3', null, label);
      h.id = headingId;
      const section = el('section', 'facet-group', h, list);
      section.setAttribute('aria-labelledby', headingId);
      sections.push(section);
    }
    ui.facets.replaceChildren(...sections);
  }

  function chip(label, onRemove) {
    const b = el('button', 'chip', label, el('span', 'chip-x', '×'));
    b.type = 'button';
    b.setAttribute('aria-label', `Remove filter: ${label}`);
    b.lastChild.setAttribute('aria-hidden', 'true');
    b.addEventListener('click', onRemove);
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
    if (state.since) chips.push(chip(`From ${state.since}`, () => navigate(withChanges({ since: '' }))));
    if (state.until) chips.push(chip(`To ${state.until}`, () => navigate(withChanges({ until: '' }))));
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
        here.setAttribute('aria-label', `Page ${p}`);
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
    ui.reader.hidden = false;
    document.body.classList.add('reading');
    $('reader-title').focus();
    try {
      const res = await fetch('/api/articles/' + encodeURIComponent(id));
      const a = await res.json();
      if (readerShowing !== id) return;
      if (!res.ok) throw new Error(a.error || res.statusText);
      showArticle(a);
    } catch (e) {
      if (readerShowing !== id) return;
      $('reader-title').textContent = 'This article cannot be shown';
      $('reader-text').replaceChildren(el('p', null, e.message));
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
        const b = el('button', 'entity', name);
        b.type = 'button';
        b.setAttribute('aria-label', `Filter by ${FACET_LABEL[type]} ${name}`);
        b.addEventListener('click', () => {
          const key = filterKey(type, name);
          const filters = state.filters.includes(key) ? state.filters : state.filters.concat([key]);
          navigate(withChanges({ filters }));
        });
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
      link.append(out, ' ');
    }
    link.append(el('span', 'muted path', a.path));
  }

  function closeReaderView() {
    readerShowing = '';
    ui.reader.hidden = true;
    document.body.classList.remove('reading');
    if (lastFocusTarget && document.contains(lastFocusTarget)) lastFocusTarget.focus();
  }

  function closeReader() {
    if (!state.article) return;
    navigate(Object.assign({}, state, { article: '' }), { search: false });
  }

  // ---- wiring -------------------------------------------------------------------------------

  ui.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate(withChanges({ q: ui.q.value.trim() }));
  });
  ui.sort.addEventListener('change', () => navigate(withChanges({ sort: ui.sort.value })));
  ui.collapse.addEventListener('change', () => navigate(withChanges({ collapse: ui.collapse.checked })));
  for (const input of [ui.since, ui.until]) {
    input.addEventListener('change', () => {
      if (input.value && !/^\d{4}-\d{2}-\d{2}$/.test(input.value)) return;
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
    if (ev.key === '/' && !typing && !ev.metaKey && !ev.ctrlKey && !ev.altKey) {
      ev.preventDefault();
      ui.q.focus();
      ui.q.select();
    }
  });
  window.addEventListener('popstate', () => {
    const previous = state;
    state = readState(location.search);
    const sameSearch = stateParams(previous, false).toString() === stateParams(state, false).toString();
    if (!sameSearch) runSearch();
    syncReader();
  });

  // Filters start folded on a phone, open on a wider screen.
  const narrow = window.matchMedia('(max-width: 760px)');
  const foldFilters = () => { ui.refine.open = !narrow.matches; };
  narrow.addEventListener('change', foldFilters);
  foldFilters();

  ui.q.value = state.q;
  runSearch();
  syncReader();
  if (!state.q && !state.article) ui.q.focus();
})();
