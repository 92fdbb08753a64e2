// nlp-extract report: filters the embedded corpus digest and redraws the lists and charts.
// Data: #report-data (see nlp_extract/report/digest.py), chart specs: #report-specs
// (Vega-Lite, nlp_extract/report/charts.py), drawn with the inlined vega-embed bundle.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('report-data').textContent);
  const SPECS = JSON.parse(document.getElementById('report-specs').textContent);
  const N = D.docs.day.length;
  const DAY_MS = 86400000;
  const TOP = 20, COOC = 12, TOPICS_SHOWN = 8, OUTLETS_SHOWN = 15, OUTLET_TOPICS = 10;
  const LABEL_TITLES = {PER: 'People', ORG: 'Bodies and organisations', LOC: 'Places'};
  const LABEL_ORDER = ['PER', 'ORG', 'LOC'];
  const NO_OUTLET = '(no outlet)';
  const $ = (id) => document.getElementById(id);

  D.entities.forEach((e, i) => {
    let doc = 0;
    e.docs = e.docs.map((delta) => (doc += delta));
    e.index = i;
  });
  const labels = Array.from(new Set(D.entities.map((e) => e.label))).sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  function rank(label) { const i = LABEL_ORDER.indexOf(label); return i < 0 ? 99 : i; }

  const iso = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  let minDay = null, maxDay = null, undated = 0;
  for (const day of D.docs.day) {
    if (day === null) { undated++; continue; }
    if (minDay === null || day < minDay) minDay = day;
    if (maxDay === null || day > maxDay) maxDay = day;
  }
  const outletName = (i) => (i < 0 ? NO_OUTLET : D.outlets[i]);
  const topicName = (i) => D.topics[i][1];
  const num = (n) => n.toLocaleString('en-US');
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  };

  // -- filters ------------------------------------------------------------------------------
  function setUpFilters() {
    const from = $('f-from'), to = $('f-to');
    if (minDay === null) {
      from.disabled = to.disabled = true;
    } else {
      for (const input of [from, to]) { input.min = iso(minDay); input.max = iso(maxDay); }
      from.value = iso(minDay);
      to.value = iso(maxDay);
    }
    const outletCounts = new Map();
    D.docs.outlet.forEach((o) => outletCounts.set(o, (outletCounts.get(o) || 0) + 1));
    const outlets = Array.from(outletCounts).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [o, n] of outlets) {
      $('f-outlet').append(el('option', {value: String(o)}, `${outletName(o)} (${num(n)})`));
    }
    const topicCounts = new Array(D.topics.length).fill(0);
    D.docs.topics.forEach((ts) => ts.forEach((t) => topicCounts[t]++));
    topicCounts.map((n, t) => [t, n]).sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .forEach(([t, n]) => $('f-topic').append(
        el('option', {value: String(t)}, `${topicName(t)} (${num(n)})`)));
    const boxes = $('f-labels');
    for (const label of labels) {
      const id = `f-label-${label}`;
      boxes.append(el('label', {for: id},
        el('input', {type: 'checkbox', id, value: label, checked: ''}), ` ${label}`));
    }
    if (undated) {
      $('f-undated-count').textContent = num(undated);
    } else {
      $('f-undated-box').hidden = true;
    }
    $('filters').addEventListener('input', update);
    $('filters').addEventListener('change', update);
    $('f-reset').addEventListener('click', (event) => {
      event.preventDefault();
      $('filters').reset();
      if (minDay !== null) { from.value = iso(minDay); to.value = iso(maxDay); }
      update();
    });
    const names = $('entity-names');
    D.entities.forEach((e) => names.append(el('option', {value: `${e.name} · ${e.label}`})));
    $('f-find').addEventListener('change', () => {
      const wanted = $('f-find').value;
      const found = D.entities.find((e) => `${e.name} · ${e.label}` === wanted);
      if (found) location.hash = `e-${found.index}`;
    });
  }

  function readFilters() {
    const parse = (value) => (value ? Math.round(Date.parse(`${value}T00:00:00Z`) / DAY_MS) : null);
    return {
      from: parse($('f-from').value), to: parse($('f-to').value),
      outlet: $('f-outlet').value, topic: $('f-topic').value,
      labels: new Set(labels.filter((l) => $(`f-label-${l}`).checked)),
      descriptive: $('f-descriptive').checked, undated: $('f-undated').checked,
    };
  }

  function selectDocs(f) {
    const mask = new Uint8Array(N);
    let count = 0;
    const outlet = f.outlet === 'all' ? null : Number(f.outlet);
    const topic = f.topic === 'all' ? null : Number(f.topic);
    for (let i = 0; i < N; i++) {
      const day = D.docs.day[i];
      if (day === null) {
        if (!f.undated) continue;
      } else if ((f.from !== null && day < f.from) || (f.to !== null && day > f.to)) {
        continue;
      }
      if (outlet !== null && D.docs.outlet[i] !== outlet) continue;
      if (topic !== null && !D.docs.topics[i].includes(topic)) continue;
      mask[i] = 1;
      count++;
    }
    return {mask, count};
  }

  // -- sections -----------------------------------------------------------------------------
  function card(label, value, note) {
    return el('div', {class: 'card'}, el('div', {class: 'value'}, value),
      el('div', {class: 'label'}, label), note ? el('div', {class: 'note'}, note) : null);
  }

  function renderSummary(sel) {
    const s = D.summary;
    const outlets = new Set();
    let first = null, last = null;
    for (let i = 0; i < N; i++) {
      if (!sel.mask[i]) continue;
      outlets.add(D.docs.outlet[i]);
      const day = D.docs.day[i];
      if (day !== null) {
        if (first === null || day < first) first = day;
        if (last === null || day > last) last = day;
      }
    }
    const cards = $('summary-cards');
    cards.replaceChildren(
      card('articles shown', num(sel.count), `of ${num(N)} annotated`),
      card('failed inputs', num(s.failed), 'lines of errors.jsonl'),
      card('outlets', num(outlets.size - (outlets.has(-1) ? 1 : 0)), `of ${num(D.outlets.length)}`),
      card('date range', first === null ? '—' : `${iso(first)} … ${iso(last)}`,
        undated ? `${num(undated)} article(s) without a date` : 'every article dated'));
    $('shown-count').textContent = `${num(sel.count)} of ${num(N)} articles`;
  }

  function countEntities(mask) {
    for (const e of D.entities) {
      let n = 0;
      for (const doc of e.docs) n += mask[doc];
      e.n = n;
    }
  }

  function visible(f) {
    return D.entities.filter((e) => e.n > 0 && f.labels.has(e.label) &&
      (f.descriptive || !e.descriptive))
      .sort((a, b) => b.n - a.n || b.mentions - a.mentions || (a.key < b.key ? -1 : 1));
  }

  function entityLink(e) {
    return el('a', {href: `#e-${e.index}`, title: e.key}, e.name);
  }

  function renderTopLists(f, sel, shown) {
    const lists = $('top-lists');
    lists.replaceChildren();
    for (const label of labels) {
      if (!f.labels.has(label)) continue;
      const top = shown.filter((e) => e.label === label).slice(0, TOP);
      const body = el('tbody');
      top.forEach((e, i) => body.append(el('tr', {},
        el('td', {class: 'rank'}, i + 1), el('td', {}, entityLink(e),
          e.descriptive ? el('span', {class: 'tag'}, 'descriptive') : null),
        el('td', {class: 'num'}, num(e.n)),
        el('td', {class: 'num share'}, `${Math.round((100 * e.n) / Math.max(sel.count, 1))}%`))));
      lists.append(el('div', {class: 'list', 'data-label': label},
        el('h3', {}, `${LABEL_TITLES[label] || label} (${label})`),
        top.length ? el('table', {},
          el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'name'),
            el('th', {class: 'num'}, 'articles'), el('th', {class: 'num'}, 'share'))), body)
          : el('p', {class: 'empty'}, 'none in the articles shown')));
    }
  }

  // the time unit of the charts over time: by day up to 62 days, by week up to a year
  function unitFor(first, last) {
    if (first === null) return 'month';
    return last - first <= 62 ? 'day' : last - first <= 366 ? 'week' : 'month';
  }

  function periodOf(day, unit) {  // the first day of its period (weeks start on Sunday)
    if (unit === 'day') return day;
    if (unit === 'week') return day - new Date(day * DAY_MS).getUTCDay();
    const date = new Date(day * DAY_MS);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
  }

  function periodsBetween(first, last, unit) {
    const out = [];
    for (let day = periodOf(first, unit); day <= last;) {
      out.push(day);
      if (unit === 'day') day += 1;
      else if (unit === 'week') day += 7;
      else {
        const date = new Date(day * DAY_MS);
        day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
      }
    }
    return out;
  }

  function timeRows(mask) {
    let first = null, last = null;
    for (let i = 0; i < N; i++) {
      const day = D.docs.day[i];
      if (!mask[i] || day === null) continue;
      if (first === null || day < first) first = day;
      if (last === null || day > last) last = day;
    }
    const unit = unitFor(first, last);
    const perPeriod = new Map(), perTopic = new Map(), totals = new Map();
    for (let i = 0; i < N; i++) {
      const day = D.docs.day[i];
      if (!mask[i] || day === null) continue;
      const period = periodOf(day, unit);
      perPeriod.set(period, (perPeriod.get(period) || 0) + 1);
      for (const t of D.docs.topics[i]) {
        totals.set(t, (totals.get(t) || 0) + 1);
        const key = `${t}|${period}`;
        perTopic.set(key, (perTopic.get(key) || 0) + 1);
      }
    }
    const periods = first === null ? [] : periodsBetween(first, last, unit);
    const articles = periods.map((p) => ({period: iso(p), n: perPeriod.get(p) || 0}));
    const topics = Array.from(totals).sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, TOPICS_SHOWN).map(([t]) => t);
    const rows = [];
    topics.forEach((t, order) => periods.forEach((p) => rows.push({
      period: iso(p), topic: topicName(t), order, n: perTopic.get(`${t}|${p}`) || 0})));
    return {unit, articles, topics: rows};
  }

  function outletRows(mask) {
    const outletDocs = new Map(), topicDocs = new Map(), cell = new Map();
    for (let i = 0; i < N; i++) {
      if (!mask[i]) continue;
      const o = D.docs.outlet[i];
      outletDocs.set(o, (outletDocs.get(o) || 0) + 1);
      for (const t of D.docs.topics[i]) {
        topicDocs.set(t, (topicDocs.get(t) || 0) + 1);
        cell.set(`${o}|${t}`, (cell.get(`${o}|${t}`) || 0) + 1);
      }
    }
    const outlets = Array.from(outletDocs).sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, OUTLETS_SHOWN);
    const topics = Array.from(topicDocs).sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, OUTLET_TOPICS);
    const rows = [];
    outlets.forEach(([o, total], orow) => topics.forEach(([t], ocol) => {
      const n = cell.get(`${o}|${t}`) || 0;
      rows.push({outlet: `${outletName(o)} (${num(total)})`, topic: topicName(t), orow, ocol,
        n, share: n / total});
    }));
    return rows;
  }

  function cooccurrenceRows(mask, shown) {
    const top = shown.slice(0, COOC);
    const byDoc = new Map();
    top.forEach((e, r) => {
      for (const doc of e.docs) {
        if (!mask[doc]) continue;
        if (!byDoc.has(doc)) byDoc.set(doc, []);
        byDoc.get(doc).push(r);
      }
    });
    const pairs = new Map();
    for (const members of byDoc.values()) {
      for (const a of members) {
        for (const b of members) {
          if (a !== b) pairs.set(`${a}|${b}`, (pairs.get(`${a}|${b}`) || 0) + 1);
        }
      }
    }
    const max = Math.max(1, ...pairs.values());
    const rows = [];
    top.forEach((a, ar) => top.forEach((b, br) => {
      if (ar !== br) {
        rows.push({a: `${a.name} (${a.label})`, b: `${b.name} (${b.label})`, arank: ar,
          brank: br, n: pairs.get(`${ar}|${br}`) || 0, max});
      }
    }));
    return rows;
  }

  // -- the entity section -------------------------------------------------------------------
  function renderEntity(mask, shown) {
    const match = /^#e-(\d+)$/.exec(location.hash);
    let e = match ? D.entities[Number(match[1])] : null;
    if (!e) e = shown[0] || D.entities[0];
    const box = $('entity-body');
    if (!e) { box.replaceChildren(el('p', {class: 'empty'}, 'no entities')); return; }
    const inFilter = e.docs.filter((doc) => mask[doc]);
    const members = new Set(inFilter);
    const together = shown.filter((o) => o !== e).map((o) => {
      let n = 0;
      for (const doc of o.docs) if (members.has(doc)) n++;
      return [o, n];
    }).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 10);
    const examples = e.examples.filter(([doc]) => mask[doc]);
    const hidden = e.examples.length - examples.length;
    box.replaceChildren(...[
      el('h3', {id: 'entity-name'}, e.name, ' ', el('span', {class: 'tag'}, e.label),
        e.descriptive ? el('span', {class: 'tag'}, 'descriptive') : null),
      el('dl', {},
        el('dt', {}, 'key'), el('dd', {}, el('code', {}, e.key)),
        el('dt', {}, 'articles'), el('dd', {}, `${num(inFilter.length)} shown, ` +
          `${num(e.docs.length)} in the corpus (${num(e.mentions)} mentions)`),
        el('dt', {}, 'aliases'), el('dd', {}, e.aliases.length
          ? e.aliases.map(([a, n]) => `${a} (${n})`).join(' · ') : '—'),
        el('dt', {}, 'appears with'), el('dd', {}, ...(together.length
          ? together.flatMap(([o, n], i) => [i ? ' · ' : '', entityLink(o), ` (${n})`])
          : ['—']))),
      el('h4', {}, 'Example sentences'),
      examples.length ? el('ol', {class: 'examples'}, ...examples.map(([doc, text, s, end]) => {
        const [id, title] = D.titles[String(doc)] || [String(doc), ''];
        const day = D.docs.day[doc];
        return el('li', {}, el('blockquote', {}, text.slice(0, s), el('mark', {}, text.slice(s, end)),
          text.slice(end)), el('div', {class: 'source'},
          [day === null ? 'undated' : iso(day), outletName(D.docs.outlet[doc]), title || '']
            .filter(Boolean).join(' · '), ' ', el('code', {}, id)));
      })) : el('p', {class: 'empty'}, 'No example in the articles shown.'),
      hidden ? el('p', {class: 'note'}, `${hidden} more example(s) outside the filters.`) : null,
    ].filter(Boolean));
  }

  // -- charts -------------------------------------------------------------------------------
  const views = {};
  const LOG_ERRORS_ONLY = 1; // vega's Error level: an empty selection is no warning
  const chartOptions = {actions: false, renderer: 'svg', logLevel: LOG_ERRORS_ONLY};

  const drawnUnit = {};

  function withUnit(spec, unit) {  // the spec of a chart over time in that time unit
    const [timeUnit, format] = SPECS.time_units[unit];
    const copy = JSON.parse(JSON.stringify(spec));
    copy.encoding.x.timeUnit = timeUnit;
    copy.encoding.x.axis.format = format;
    copy.encoding.tooltip[0].timeUnit = timeUnit;
    return copy;
  }

  async function drawCharts(rows, unit) {
    await Promise.all(Object.entries(rows).map(async ([name, data]) => {
      const box = $(`chart-${name}`);
      const empty = $(`empty-${name}`);
      if (empty) empty.hidden = data.length > 0;
      const overTime = name.endsWith('_over_time');
      if (views[name] && overTime && drawnUnit[name] !== unit) {
        views[name].finalize();
        views[name] = null;
      }
      if (!views[name]) {
        const spec = overTime ? withUnit(SPECS[name], unit) : SPECS[name];
        views[name] = (await vegaEmbed(box, spec, chartOptions)).view;
        drawnUnit[name] = unit;
      }
      await views[name].data('rows', data).resize().runAsync();
    }));
  }

  let last = {mask: new Uint8Array(N), shown: []};
  let pending = Promise.resolve();
  let updates = 0;

  function update() {
    const f = readFilters();
    const sel = selectDocs(f);
    countEntities(sel.mask);
    const shown = visible(f);
    last = {mask: sel.mask, shown};
    renderSummary(sel);
    renderTopLists(f, sel, shown);
    renderEntity(sel.mask, shown);
    const time = timeRows(sel.mask);
    document.querySelectorAll('.unit').forEach((node) => { node.textContent = time.unit; });
    const rows = {articles_over_time: time.articles, topics_over_time: time.topics,
      topics_by_outlet: outletRows(sel.mask), cooccurrence: cooccurrenceRows(sel.mask, shown)};
    pending = pending.then(() => drawCharts(rows, time.unit)).then(() => {
      updates++;
      document.body.dataset.updates = String(updates);
    }).catch((error) => {
      console.error(error);
      document.body.dataset.failed = String(error);
    });
    return pending;
  }

  setUpFilters();
  window.addEventListener('hashchange', () => {
    renderEntity(last.mask, last.shown);
    $('entity').scrollIntoView();
  });
  update().then(() => { document.body.dataset.ready = '1'; });
})();
