/*
 * Entente report: draws the dashboard from the JSON in #entente-data.
 * Every piece of data reaches the page as text only: DOM nodes get it through textContent,
 * ECharts draws labels on a canvas, and every tooltip has a formatter that escapes what it shows
 * (ECharts puts a formatter's result into the page as HTML).
 */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('entente-data').textContent);
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#393b79', '#ad494a', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd',
    '#e6550d', '#31a354', '#756bb1'];
  var TYPE_COLOR = { COUNTRY: '#1f77b4', LEADER: '#e6550d' };
  var GRAINS = Object.keys(DATA.grains || {});
  var state = { grain: DATA.options.grain, period: null, measure: 'share', pair: null };
  var charts = {};

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function name(id) {
    var n = DATA.names && DATA.names[id];
    return n && n.name ? n.name : id;
  }
  function pairKey(a, b) { return a + '|' + b; }
  function pairName(a, b) { return name(a) + ' \u2013 ' + name(b); }
  function periodLabel(p, grain) { return (grain || state.grain) === 'year' ? p.slice(0, 4) : p.slice(0, 7); }
  function int(n) { return n == null ? '\u2013' : Number(n).toLocaleString('en-US'); }
  function pct(x) { return x == null ? '\u2013' : (100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1) + '%'; }
  function fix(x, d) { return x == null ? '\u2013' : Number(x).toFixed(d); }
  function G() { return DATA.grains[state.grain] || {}; }
  function row(cells, header) {
    var tr = el('tr');
    cells.forEach(function (c) {
      var td = el(header ? 'th' : 'td', c.text, c.cls);
      if (c.swatch) {
        var s = el('span', null, 'swatch');
        s.style.background = c.swatch;
        td.insertBefore(s, td.firstChild);
      }
      tr.appendChild(td);
    });
    return tr;
  }
  function note(section, text) {
    var p = document.querySelector('#' + section + ' .note');
    if (text) { p.textContent = text; p.hidden = false; } else { p.textContent = ''; p.hidden = true; }
  }
  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init($(id), null, { renderer: 'canvas' }); }
    return charts[id];
  }
  function hideChart(id, hide) {
    $(id).style.display = hide ? 'none' : '';
    if (!hide && charts[id]) { charts[id].resize(); }
  }
  /** An axis tooltip that escapes every name it shows. */
  function axisTooltip(format) {
    return {
      trigger: 'axis', confine: true,
      formatter: function (params) {
        var list = Array.isArray(params) ? params : [params];
        if (!list.length) { return ''; }
        var rows = list.filter(function (p) { return p.value != null; })
          .sort(function (x, y) { return y.value - x.value; }).slice(0, 12)
          .map(function (p) { return p.marker + esc(p.seriesName) + ': <b>' + esc(format(p.value)) + '</b>'; });
        return esc(list[0].axisValueLabel || list[0].name) + '<br>' + rows.join('<br>');
      }
    };
  }

  /** A dashed vertical line at the selected period. */
  function periodMark() {
    return state.period ? { silent: true, symbol: 'none', label: { show: false }, animation: false,
      lineStyle: { color: '#555', type: 'dashed' }, data: [{ xAxis: periodLabel(state.period) }] } : undefined;
  }

  // ---- summary, selectors -------------------------------------------------------------------

  function summary() {
    var parts = [];
    var g = DATA.grains.year || DATA.grains.month;
    if (g && g.periods && g.periods.length) {
      var total = (g.periodArticles || []).reduce(function (s, n) { return s + (n || 0); }, 0);
      parts.push(int(total) + ' articles from ' + periodLabel(g.periods[0], 'year') + ' to '
        + periodLabel(g.periods[g.periods.length - 1], 'year'));
    }
    parts.push('warehouse ' + DATA.warehouse);
    parts.push('generated ' + DATA.generatedAt);
    $('summary').textContent = parts.join(' \u00b7 ');
    var o = DATA.options;
    $('footer').textContent = 'Built by entente report from the gold tables (gold/entity_counts, gold/comentions, '
      + 'gold/comention_trends, gold/comention_evidence, gold/topics, gold/topic_trends). Bounds: top ' + o.top
      + ' entities, ' + o.pairs + ' pairs and ' + o.rising + ' rising pairs per period, ' + o.evidence
      + ' evidence sentences per pair, the latest ' + o.periods + ' periods of each grain, ' + o.topics
      + ' topics drawn. Charts: Apache ECharts.';
  }

  function fillGrains() {
    var s = $('grain');
    clear(s);
    GRAINS.forEach(function (g) {
      var o = el('option', g);
      o.value = g;
      s.appendChild(o);
    });
    s.value = state.grain;
    s.onchange = function () {
      // Keep to the same time: a month's year, or the latest month of a year.
      var year = state.period ? state.period.slice(0, 4) : null;
      state.grain = s.value;
      var sel = (G().selectable || []).filter(function (p) { return p.slice(0, 4) === year; });
      state.period = sel.length ? sel[sel.length - 1] : null;
      renderGrain();
    };
    var m = $('measure');
    m.value = state.measure;
    m.onchange = function () { state.measure = m.value; renderAttention(); };
  }

  function fillPeriods() {
    var s = $('period');
    clear(s);
    var sel = (G().selectable || []).slice().reverse();
    sel.forEach(function (p) {
      var o = el('option', periodLabel(p));
      o.value = p;
      s.appendChild(o);
    });
    if (!state.period || sel.indexOf(state.period) < 0) { state.period = sel.length ? sel[0] : null; }
    s.value = state.period || '';
    s.disabled = !sel.length;
    s.onchange = function () { state.period = s.value; state.pair = null; renderPeriod(); };
  }

  // ---- attention over time ------------------------------------------------------------------

  function renderAttention() {
    var g = G();
    var top = g.top || [];
    var msg = DATA.notes.attention || (top.length ? null : 'No entity counts at the ' + state.grain + ' grain.');
    note('attention', msg);
    hideChart('attention-chart', !!msg);
    $('top-table').style.display = msg ? 'none' : '';
    if (msg) { return; }
    var share = state.measure === 'share';
    $('attention-sub').textContent = '(' + (share ? 'share of the ' + state.grain + "'s articles" : 'articles')
      + ' naming each of the top ' + top.length + '; the legend shows and hides lines)';
    // The first eight lines are drawn; the legend switches the others on.
    var shown = {};
    top.forEach(function (t, i) { shown[name(t.id)] = i < 8; });
    var series = top.map(function (t, i) {
      var s = {
        name: name(t.id), type: 'line', showSymbol: g.periods.length < 40, symbolSize: 4, smooth: false,
        lineStyle: { width: 1.6 }, color: PALETTE[i % PALETTE.length], emphasis: { focus: 'series' },
        data: g.attention[t.id][share ? 'share' : 'articles']
      };
      if (i === 0) { s.markLine = periodMark(); }
      return s;
    });
    chart('attention-chart').setOption({
      animation: false,
      color: PALETTE,
      grid: { left: 56, right: 20, top: 70, bottom: 60 },
      legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { fontSize: 11 }, selected: shown },
      tooltip: axisTooltip(share ? pct : int),
      xAxis: { type: 'category', boundaryGap: false, data: g.periods.map(function (p) { return periodLabel(p); }) },
      yAxis: { type: 'value', axisLabel: { formatter: share ? function (v) { return (100 * v).toFixed(0) + '%'; } : null } },
      dataZoom: g.periods.length > 48 ? [{ type: 'slider', bottom: 8, height: 18 }, { type: 'inside' }] : [],
      series: series
    }, true);
    renderTopTable();
  }

  function renderTopTable() {
    var g = G();
    var t = $('top-table');
    clear(t);
    var i = state.period ? (g.periods || []).indexOf(state.period) : -1;
    t.appendChild(row([{ text: '#', cls: 'num' }, { text: 'Entity' }, { text: 'Articles', cls: 'num' },
      { text: i >= 0 ? 'Share ' + periodLabel(state.period) : 'Share', cls: 'num' }], true));
    (g.top || []).forEach(function (e, k) {
      var s = g.attention[e.id];
      t.appendChild(row([{ text: k + 1, cls: 'num' },
        { text: name(e.id), swatch: PALETTE[k % PALETTE.length] },
        { text: int(e.articles), cls: 'num' },
        { text: i >= 0 ? pct(s.share[i]) : '\u2013', cls: 'num' }]));
    });
  }

  // ---- network --------------------------------------------------------------------------------

  /**
   * Node positions by a small deterministic force layout (Fruchterman-Reingold: all nodes repel,
   * edges attract, a weak pull to the centre keeps separate pieces near), started from a circle.
   * ECharts then fits the positions into the panel, so no node lies outside it.
   */
  function forceLayout(ids, edges) {
    var n = ids.length;
    var idx = {};
    var pos = ids.map(function (id, i) {
      idx[id] = i;
      var a = 2 * Math.PI * i / n;
      return [Math.cos(a), Math.sin(a)];
    });
    var k = Math.sqrt(4 / Math.max(n, 1));
    var step = 0.2;
    for (var it = 0; it < 300; it++) {
      var disp = pos.map(function () { return [0, 0]; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = pos[i][0] - pos[j][0];
          var dy = pos[i][1] - pos[j][1];
          var d = Math.max(1e-3, Math.sqrt(dx * dx + dy * dy));
          var f = k * k / d;
          disp[i][0] += dx / d * f; disp[i][1] += dy / d * f;
          disp[j][0] -= dx / d * f; disp[j][1] -= dy / d * f;
        }
      }
      edges.forEach(function (e) {
        var a = idx[e.a];
        var b = idx[e.b];
        var ex = pos[a][0] - pos[b][0];
        var ey = pos[a][1] - pos[b][1];
        var ed = Math.max(1e-3, Math.sqrt(ex * ex + ey * ey));
        var ef = ed * ed / k;
        disp[a][0] -= ex / ed * ef; disp[a][1] -= ey / ed * ef;
        disp[b][0] += ex / ed * ef; disp[b][1] += ey / ed * ef;
      });
      for (var m = 0; m < n; m++) {
        disp[m][0] -= pos[m][0] * 4 * k; disp[m][1] -= pos[m][1] * 4 * k;
        var len = Math.max(1e-9, Math.sqrt(disp[m][0] * disp[m][0] + disp[m][1] * disp[m][1]));
        var move = Math.min(len, step);
        pos[m][0] += disp[m][0] / len * move;
        pos[m][1] += disp[m][1] / len * move;
      }
      step *= 0.985;
    }
    return pos;
  }

  function renderNetwork() {
    var g = G();
    var edges = (state.period && g.network[state.period]) || [];
    var msg = DATA.notes.network || (state.period ? (edges.length ? null
      : 'No co-mentions in ' + periodLabel(state.period) + '.') : 'No periods at the ' + state.grain + ' grain.');
    note('network', msg);
    hideChart('network-chart', !!msg);
    $('network-sub').textContent = msg ? '' : 'The ' + edges.length + ' pairs named together in the most articles'
      + ' (edge width: articles; node size: articles naming the entity). Click an edge for its evidence.';
    if (msg) { return; }
    var sizes = g.nodes[state.period] || {};
    var ids = [];
    edges.forEach(function (e) {
      if (ids.indexOf(e.a) < 0) { ids.push(e.a); }
      if (ids.indexOf(e.b) < 0) { ids.push(e.b); }
    });
    var maxNode = Math.max.apply(null, ids.map(function (id) { return sizes[id] || 1; }));
    var maxEdge = Math.max.apply(null, edges.map(function (e) { return e.articles; }));
    var c = chart('network-chart');
    var xy = forceLayout(ids, edges);
    // ECharts stretches the positions to fill the panel: give them the panel's shape first, so
    // that the stretch is even and the nodes stay round.
    var xs = xy.map(function (p) { return p[0]; });
    var ys = xy.map(function (p) { return p[1]; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var panel = Math.max(c.getWidth() - 170, 50) / Math.max(c.getHeight() - 80, 50);
    var stretch = w > 0 && h > 0 ? panel / (w / h) : 1;
    xy.forEach(function (p) { p[0] *= stretch; });
    var nodes = ids.map(function (id, i) {
      var n = sizes[id] || 0;
      var type = (DATA.names[id] || {}).type === 'LEADER' ? 1 : 0;
      return { id: id, name: name(id), value: n, category: type, x: xy[i][0] * 100, y: xy[i][1] * 100,
        symbolSize: 10 + 26 * Math.sqrt(n / maxNode) };
    });
    var links = edges.map(function (e) {
      return { source: e.a, target: e.b, value: e.articles, npmi: e.npmi, sentences: e.sentences,
        lineStyle: { width: 1 + 7 * e.articles / maxEdge, opacity: 0.55 } };
    });
    c.setOption({
      animation: false,
      legend: { data: ['Country', 'Leader'], top: 0, left: 0 },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: function (p) {
          if (p.dataType === 'edge') {
            return esc(pairName(p.data.source, p.data.target)) + '<br>' + esc(int(p.data.value))
              + ' articles, ' + esc(int(p.data.sentences)) + ' sentences, NPMI ' + esc(fix(p.data.npmi, 2));
          }
          if (p.dataType === 'node') {
            return esc(p.data.name) + '<br>' + esc(int(p.data.value)) + ' articles';
          }
          return esc(p.name);
        }
      },
      series: [{
        type: 'graph', layout: 'none', roam: true,
        top: 50, bottom: 30, left: 40, right: 130,
        categories: [{ name: 'Country', itemStyle: { color: TYPE_COLOR.COUNTRY } },
          { name: 'Leader', itemStyle: { color: TYPE_COLOR.LEADER } }],
        label: { show: true, position: 'right', fontSize: 11, color: '#1f2933' },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', lineStyle: { width: 6 } },
        lineStyle: { color: '#7a8ca3', curveness: 0.08 },
        data: nodes, links: links
      }]
    }, true);
    c.off('click');
    c.on('click', function (p) {
      if (p.dataType === 'edge') { selectPair(pairKey(p.data.source, p.data.target)); }
    });
  }

  // ---- rising pairs ---------------------------------------------------------------------------

  function renderRising() {
    var g = G();
    var list = (state.period && g.rising[state.period]) || [];
    var t = $('rising-table');
    clear(t);
    var msg = DATA.notes.rising || (state.period ? (list.length ? null
      : 'No pair rose above its trailing mean in ' + periodLabel(state.period) + '.') : null);
    note('rising', msg);
    var byZ = DATA.options.risingBy === 'z';
    $('rising-sub').textContent = msg ? '' : 'Pairs named together in more articles than their trailing '
      + list[0].window + '-month mean, by ' + (byZ ? 'z-score' : 'change') + (state.grain === 'year'
      ? ' (each pair\u2019s best month of the year)' : '') + '; z is \u201cflat\u201d when those months did not vary.'
      + ' Click a row for its evidence.';
    if (msg) { return; }
    var year = state.grain === 'year';
    var head = [{ text: 'Pair' }];
    if (year) { head.push({ text: 'Month' }); }
    head.push({ text: 'Articles', cls: 'num' }, { text: 'Mean before', cls: 'num' }, { text: 'Change', cls: 'num' },
      { text: 'z', cls: 'num' });
    t.appendChild(row(head, true));
    list.forEach(function (r) {
      var cells = [{ text: pairName(r.a, r.b) }];
      if (year) { cells.push({ text: r.month.slice(0, 7), cls: 'nowrap' }); }
      cells.push({ text: int(r.articles), cls: 'num' }, { text: fix(r.mean, 1), cls: 'num' },
        { text: '+' + fix(r.change, 1), cls: 'num' }, { text: r.z == null ? 'flat' : fix(r.z, 2), cls: 'num' });
      var tr = row(cells);
      tr.className = 'clickable';
      tr.dataset.pair = pairKey(r.a, r.b);
      tr.onclick = function () { selectPair(pairKey(r.a, r.b)); };
      t.appendChild(tr);
    });
  }

  // ---- evidence -------------------------------------------------------------------------------

  function evidencePairs() {
    var g = G();
    var seen = {};
    var out = [];
    var ev = (state.period && g.evidence[state.period]) || {};
    function add(a, b) {
      var k = pairKey(a, b);
      if (!seen[k]) { seen[k] = true; out.push({ key: k, a: a, b: b, n: (ev[k] || []).length }); }
    }
    ((state.period && g.network[state.period]) || []).forEach(function (e) { add(e.a, e.b); });
    ((state.period && g.rising[state.period]) || []).forEach(function (e) { add(e.a, e.b); });
    return out;
  }

  function selectPair(key) {
    state.pair = key;
    $('pair').value = key;
    renderEvidence();
  }

  function fillPairs() {
    var s = $('pair');
    clear(s);
    var pairs = evidencePairs();
    pairs.forEach(function (p) {
      var o = el('option', pairName(p.a, p.b) + ' (' + p.n + ')');
      o.value = p.key;
      s.appendChild(o);
    });
    if (!state.pair || !pairs.some(function (p) { return p.key === state.pair; })) {
      var first = pairs.filter(function (p) { return p.n > 0; })[0] || pairs[0];
      state.pair = first ? first.key : null;
    }
    s.value = state.pair || '';
    s.disabled = !pairs.length;
    s.onchange = function () { state.pair = s.value; renderEvidence(); };
  }

  function renderEvidence() {
    var g = G();
    var t = $('evidence-table');
    clear(t);
    var ev = (state.period && g.evidence[state.period]) || {};
    var rows = (state.pair && ev[state.pair]) || [];
    var msg = DATA.notes.evidence || (!state.pair ? 'No pairs in this period.'
      : (rows.length ? null : 'No evidence sentences for ' + pairName.apply(null, state.pair.split('|'))
        + ' in ' + periodLabel(state.period) + '.'));
    note('evidence', msg);
    Array.prototype.forEach.call(document.querySelectorAll('#rising-table tr.clickable'), function (tr) {
      tr.classList.toggle('selected', tr.dataset.pair === state.pair);
    });
    if (!rows.length) { return; }
    t.appendChild(row([{ text: 'Date' }, { text: 'Source' }, { text: 'Title' }, { text: 'Sentence' }], true));
    rows.forEach(function (r) {
      var art = (DATA.articles || {})[r.article] || {};
      t.appendChild(row([{ text: r.date, cls: 'nowrap' }, { text: art.source || '' },
        { text: art.title || r.article, cls: 'title' }, { text: r.sentence, cls: 'sentence' }]));
    });
  }

  // ---- topics ---------------------------------------------------------------------------------

  function topicLabel(id) {
    if (id < 0) { return 'other topics'; }
    var m = DATA.topicModel;
    var t = m && m.topics.filter(function (x) { return x.id === id; })[0];
    return 'T' + id + (t ? ': ' + t.label : '');
  }

  function renderTopics() {
    var m = DATA.topicModel;
    var tp = G().topics;
    var msg = DATA.notes.topics || (tp && tp.periods.length ? null
      : 'No topic shares at the ' + state.grain + ' grain.');
    note('topics', msg);
    hideChart('topics-chart', !!msg);
    var t = $('topics-table');
    clear(t);
    t.style.display = m ? '' : 'none';
    $('topics-sub').textContent = m ? '(model ' + m.id + ', k = ' + m.k + ', mean NPMI ' + fix(m.npmi, 3)
      + '; mean topic weight of the ' + state.grain + "'s articles)" : '';
    if (m) {
      var at = tp && state.period ? tp.periods.indexOf(state.period) : -1;
      t.appendChild(row([{ text: 'Topic' }, { text: at >= 0 ? 'Share ' + periodLabel(state.period) : 'Share', cls: 'num' },
        { text: 'NPMI', cls: 'num' }], true));
      var drawn = {};
      var mean = {};
      ((tp && tp.series) || []).forEach(function (s, i) {
        drawn[s.id] = { color: s.id < 0 ? '#c7cdd4' : PALETTE[i % PALETTE.length], share: at >= 0 ? s.share[at] : null };
        mean[s.id] = s.share.reduce(function (a, b) { return a + b; }, 0);
      });
      m.topics.slice().sort(function (x, y) { return (mean[y.id] || 0) - (mean[x.id] || 0) || x.id - y.id; })
        .forEach(function (x) {
          var d = drawn[x.id];
          t.appendChild(row([{ text: topicLabel(x.id), swatch: d ? d.color : '#eef2f6' },
            { text: d ? pct(d.share) : (at >= 0 ? 'in other' : '\u2013'), cls: 'num' },
            { text: fix(x.npmi, 3), cls: 'num' }]));
        });
    }
    if (msg) { return; }
    chart('topics-chart').setOption({
      animation: false,
      color: PALETTE,
      grid: { left: 56, right: 20, top: 70, bottom: 40 },
      legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { fontSize: 11 } },
      tooltip: axisTooltip(pct),
      xAxis: { type: 'category', boundaryGap: false, data: tp.periods.map(function (p) { return periodLabel(p); }) },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return (100 * v).toFixed(0) + '%'; } } },
      series: tp.series.map(function (s, i) {
        return { name: topicLabel(s.id), type: 'line', stack: 'share', areaStyle: { opacity: 0.85 },
          showSymbol: false, lineStyle: { width: 0.5 }, color: s.id < 0 ? '#c7cdd4' : PALETTE[i % PALETTE.length],
          emphasis: { focus: 'series' }, data: s.share, markLine: i === 0 ? periodMark() : undefined };
      })
    }, true);
  }

  // ---- wiring ---------------------------------------------------------------------------------

  function renderPeriod() {
    Array.prototype.forEach.call(document.querySelectorAll('.period-label'), function (s) {
      s.textContent = state.period ? '(' + periodLabel(state.period) + ')' : '';
    });
    renderNetwork();
    renderRising();
    fillPairs();
    renderEvidence();
    renderAttention();
    renderTopics();
  }

  function renderGrain() {
    fillPeriods();
    renderPeriod();
  }

  // A link can open a grain and period: report.html#grain=year&period=2024-01-01
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    var k = decodeURIComponent(kv.slice(0, i));
    var v = decodeURIComponent(kv.slice(i + 1));
    if (k === 'grain' && GRAINS.indexOf(v) >= 0) { state.grain = v; }
    if (k === 'period') { state.period = v; }
  });
  summary();
  fillGrains();
  renderGrain();
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  document.body.setAttribute('data-rendered', 'true');
}());
