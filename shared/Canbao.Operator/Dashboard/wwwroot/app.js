// Canbao operator dashboard: plain JavaScript, no external libraries, charts as inline SVG. Talks to /api with the
// operator's bearer token (from the URL fragment #token=… printed by `canbao serve`, kept in sessionStorage).
(function () {
  'use strict';
  const T = {
    zh: {
      title: '全民参保登记 · 运行看板', token: '访问令牌', signin: '登录', tokenHint: '令牌由 canbao serve 启动时打印。',
      instances: '编排实例', instanceId: '实例', name: '名称', status: '状态', progress: '进度', updated: '更新时间',
      coverage: '各区县参保率', district: '区县', registered: '登记人数', enrolled: '参保人数', rate: '参保率', notEnrolled: '未参保',
      trend: '参保率趋势（按轮次）', reports: '报表', monthlyXlsx: '月度进度报表 (XLSX)', monthlyPng: '进度图 (PNG)',
      funnel: '入户调查进度', byType: '分险种参保人数', townships: '乡镇（街道）', township: '乡镇（街道）', dispatched: '已派发', confirmed: '已确认',
      roster: '花名册', tasks: '调查任务', task: '调查任务', taskId: '任务编号', residentId: '公民身份号码', personName: '姓名', reason: '调查原因', state: '状态',
      approve: '审核通过', sendBack: '退回重访', reasonPlaceholder: '退回原因', openPerson: '查看人员信息（记入审计）',
      drops: '数据交换批次', drop: '文件', feed: '数据源', rowsIn: '行数', accepted: '接收', held: '待核', rejected: '拒收',
      refreshed: '刷新于', city: '全市', deadline: '交回期限', note: '备注', round: '轮次', coverageStatus: '参保状态',
      hukou: '户籍地址', residence: '居住地址', phone: '联系电话', enrollment: '参保情况', done: '已完成', needReason: '请填写退回原因',
      funnelStages: ['已派发', '已入户', '已录入', '已审核', '已确认'], lang: 'English',
      states: { dispatched: '已派发', visited: '已入户', entered: '已录入', reviewed: '已审核', confirmed: '已确认', sent_back: '已退回', unreachable: '无法联系' },
      types: { employee_pension: '职工基本养老保险', employee_medical: '职工基本医疗保险', resident_pension: '城乡居民基本养老保险', resident_medical: '城乡居民基本医疗保险', land_expropriated_pension: '被征地农民社会养老保险' },
    },
    en: {
      title: 'Universal enrollment registration · Operations', token: 'Access token', signin: 'Sign in', tokenHint: 'canbao serve prints the token when it starts.',
      instances: 'Orchestration instances', instanceId: 'Instance', name: 'Name', status: 'Status', progress: 'Progress', updated: 'Updated',
      coverage: 'Coverage by district', district: 'District', registered: 'Registered', enrolled: 'Enrolled', rate: 'Coverage', notEnrolled: 'Not enrolled',
      trend: 'Coverage across rounds', reports: 'Reports', monthlyXlsx: 'Monthly progress (XLSX)', monthlyPng: 'Progress chart (PNG)',
      funnel: 'Survey funnel', byType: 'Enrolled by insurance type', townships: 'Townships / streets', township: 'Township', dispatched: 'Dispatched', confirmed: 'Confirmed',
      roster: 'Roster', tasks: 'Survey tasks', task: 'Survey task', taskId: 'Task', residentId: 'Resident ID', personName: 'Name', reason: 'Reason', state: 'State',
      approve: 'Approve', sendBack: 'Send back', reasonPlaceholder: 'Reason for sending back', openPerson: 'Open person (audited)',
      drops: 'Department drops', drop: 'File', feed: 'Feed', rowsIn: 'Rows', accepted: 'Accepted', held: 'Held', rejected: 'Rejected',
      refreshed: 'refreshed', city: 'City', deadline: 'Deadline', note: 'Note', round: 'Round', coverageStatus: 'Coverage status',
      hukou: 'Household address', residence: 'Residence', phone: 'Phone', enrollment: 'Enrollment', done: 'Done', needReason: 'Give a reason to send it back',
      funnelStages: ['Dispatched', 'Visited', 'Entered', 'Reviewed', 'Confirmed'], lang: '中文',
      states: { dispatched: 'dispatched', visited: 'visited', entered: 'entered', reviewed: 'reviewed', confirmed: 'confirmed', sent_back: 'sent back', unreachable: 'unreachable' },
      types: { employee_pension: 'Employee pension', employee_medical: 'Employee medical', resident_pension: 'Resident pension', resident_medical: 'Resident medical', land_expropriated_pension: 'Land-expropriated pension' },
    },
  };
  let lang = localStorage.getItem('canbao.lang') || 'zh';
  const t = (k) => T[lang][k] ?? k;
  const $ = (s) => document.querySelector(s);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const pct = (r) => (r * 100).toFixed(1) + '%';
  const state = { district: null, task: null, districts: [], instances: [] };

  const m = /token=([^&]+)/.exec(location.hash);
  if (m) { sessionStorage.setItem('canbao.token', decodeURIComponent(m[1])); history.replaceState(null, '', location.pathname); }
  let token = sessionStorage.getItem('canbao.token');

  async function api(path, options) {
    const res = await fetch('/api' + path, { ...options, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', ...(options?.headers || {}) } });
    if (res.status === 401) { showLogin(); throw new Error('401'); }
    const type = res.headers.get('Content-Type') || '';
    if (!type.includes('json')) return res;
    const body = await res.json();
    if (!res.ok) { const e = new Error(body.detail || body.title); e.status = res.status; throw e; }
    return body;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.title = t('title');
    $('#lang').textContent = t('lang');
  }

  function showLogin() { $('#login').hidden = false; $('#main').hidden = true; }

  // ---- charts (inline SVG) ----
  function barChart(items, opts) {
    const w = 520, h = 220, pad = 34, bw = Math.max(16, (w - pad * 2) / Math.max(items.length, 1) * 0.6);
    const max = opts.max ?? Math.max(1, ...items.map((i) => i.value));
    const step = (w - pad * 2) / Math.max(items.length, 1);
    let s = `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="${esc(opts.label)}">`;
    s += `<line x1="${pad}" y1="${h - pad}" x2="${w - pad / 2}" y2="${h - pad}" stroke="#999"/>`;
    items.forEach((it, i) => {
      const bh = (h - pad * 2) * (it.value / max), x = pad + i * step + (step - bw) / 2, y = h - pad - bh;
      s += `<g class="chart-item" data-key="${esc(it.key)}" style="cursor:${opts.onClick ? 'pointer' : 'default'}">`;
      s += `<rect class="bar${it.key === opts.selected ? ' sel' : ''}" x="${x}" y="${y}" width="${bw}" height="${bh}"><title>${esc(it.label)}: ${esc(it.text)}</title></rect>`;
      s += `<text x="${x + bw / 2}" y="${y - 4}" text-anchor="middle" class="bar-value">${esc(it.text)}</text>`;
      s += `<text x="${x + bw / 2}" y="${h - pad + 16}" text-anchor="middle">${esc(it.label)}</text></g>`;
    });
    return s + '</svg>';
  }

  function lineChart(series, labels) {
    const w = 520, h = 220, pad = 40, colors = ['#2b6cb0', '#dd6b20', '#2f855a', '#805ad5', '#c53030', '#319795'];
    const xs = (i) => pad + (labels.length <= 1 ? 0 : i * (w - pad * 2) / (labels.length - 1));
    const ys = (v) => h - pad - (h - pad * 2) * v;
    let s = `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img">`;
    [0, 0.5, 1].forEach((g) => { s += `<line x1="${pad}" x2="${w - pad}" y1="${ys(g)}" y2="${ys(g)}" stroke="#e2e8f0"/><text x="4" y="${ys(g) + 4}">${g * 100}%</text>`; });
    labels.forEach((l, i) => { s += `<text x="${xs(i)}" y="${h - pad + 16}" text-anchor="middle">${esc(l)}</text>`; });
    series.forEach((se, k) => {
      const c = colors[k % colors.length];
      s += `<polyline fill="none" stroke="${c}" stroke-width="2" points="${se.values.map((v, i) => `${xs(i)},${ys(v)}`).join(' ')}"/>`;
      se.values.forEach((v, i) => { s += `<circle cx="${xs(i)}" cy="${ys(v)}" r="3" fill="${c}"><title>${esc(se.name)} ${esc(labels[i])}: ${pct(v)}</title></circle>`; });
      s += `<text x="${w - pad + 4}" y="${ys(se.values[se.values.length - 1]) + 4}" fill="${c}" style="fill:${c}">${esc(se.name)}</text>`;
    });
    return s + '</svg>';
  }

  // ---- instances (refresh on their own) ----
  async function loadInstances() {
    const list = await api('/instances');
    state.instances = list;
    $('#instances tbody').innerHTML = list.map((i) => `<tr class="click" data-id="${esc(i.instanceId)}">
      <td>${esc(i.instanceId)}</td><td>${esc(i.name)}</td><td class="status-${esc(i.status.toLowerCase())}">${esc(i.status)}</td>
      <td class="num">${i.total ? `${i.done}/${i.total}` : '—'}</td><td>${esc(new Date(i.lastUpdatedAt).toLocaleString())}</td></tr>`).join('');
    $('#refreshed').textContent = `${t('refreshed')} ${new Date().toLocaleTimeString()}`;
    $('#refreshed').dataset.count = String(Number($('#refreshed').dataset.count || 0) + 1);
  }

  async function showInstance(id) {
    const i = await api('/instances/' + encodeURIComponent(id));
    const d = $('#instance-detail');
    d.hidden = false;
    d.innerHTML = `<dl><dt>${t('instanceId')}</dt><dd>${esc(i.instanceId)}</dd><dt>${t('name')}</dt><dd>${esc(i.name)}</dd>
      <dt>${t('status')}</dt><dd>${esc(i.status)}</dd><dt>${t('round')}</dt><dd>${esc(i.roundId ?? '—')}</dd>
      <dt>${t('progress')}</dt><dd>${i.done}/${i.total} — ${esc(i.customStatus)}</dd></dl>`;
  }

  // ---- districts, trend ----
  async function loadDistricts() {
    const list = await api('/districts');
    state.districts = list;
    $('#coverage-chart').innerHTML = barChart(list.map((d) => ({ key: d.code, label: d.name, value: d.coverage_rate, text: pct(d.coverage_rate) })),
      { max: 1, label: t('coverage'), selected: state.district, onClick: true });
    $('#districts tbody').innerHTML = list.map((d) => `<tr class="click${d.code === state.district ? ' selected' : ''}" data-code="${esc(d.code)}">
      <td>${esc(d.name)} <small>${esc(d.code)}</small></td><td class="num">${d.registered}</td><td class="num">${d.enrolled}</td>
      <td class="num" data-testid="rate-${esc(d.code)}">${pct(d.coverage_rate)}</td><td class="num">${d.not_enrolled}</td></tr>`).join('');
  }

  async function loadTrend() {
    const rounds = await api('/trend');
    const names = {};
    rounds.forEach((r) => r.districts.forEach((d) => { names[d.code] = d.name; }));
    const series = Object.keys(names).map((code) => ({ name: names[code], values: rounds.map((r) => (r.districts.find((d) => d.code === code) || { coverage_rate: 0 }).coverage_rate) }));
    $('#trend-chart').innerHTML = lineChart(series, rounds.map((r) => r.round_id));
  }

  async function showDistrict(code) {
    state.district = code;
    const [detail, tasks] = await Promise.all([api('/districts/' + code), api('/tasks?district=' + code)]);
    const d = detail.district;
    $('#district-view').hidden = false;
    $('#district-title').textContent = `${d.name} (${d.code})`;
    const f = d.funnel;
    $('#funnel-chart').innerHTML = barChart([f.dispatched, f.visited, f.entered, f.reviewed, f.confirmed].map((v, i) => ({ key: 'f' + i, label: t('funnelStages')[i], value: v, text: String(v) })), { label: t('funnel') });
    $('#funnel-chart').dataset.values = [f.dispatched, f.visited, f.entered, f.reviewed, f.confirmed].join(',');
    $('#by-type tbody').innerHTML = Object.entries(d.enrolled_by_type).map(([k, v]) => `<tr><td>${esc(t('types')[k] || k)}</td><td class="num" data-type="${esc(k)}">${v}</td></tr>`).join('');
    $('#townships tbody').innerHTML = detail.townships.map((s) => `<tr><td>${esc(s.name)} <small>${esc(s.code)}</small></td><td class="num">${s.registered}</td>
      <td class="num">${pct(s.coverage_rate)}</td><td class="num">${s.funnel.dispatched}</td><td class="num">${s.funnel.confirmed}</td>
      <td><a href="#" data-roster="${esc(s.code)}" data-format="xlsx">XLSX</a> · <a href="#" data-roster="${esc(s.code)}" data-format="csv">CSV</a></td></tr>`).join('');
    $('#tasks tbody').innerHTML = tasks.map((k) => `<tr class="click${k.task_id === state.task ? ' selected' : ''}" data-task="${esc(k.task_id)}">
      <td>${esc(k.task_id)}</td><td>${esc(k.resident_id)}</td><td>${esc(k.name)}</td><td>${esc(k.township_code)}</td><td>${esc(k.reason)}</td>
      <td data-state="${esc(k.state)}">${esc(t('states')[k.state] || k.state)}</td></tr>`).join('');
    await loadDistricts();
  }

  async function showTask(id) {
    state.task = id;
    const k = await api('/tasks/' + encodeURIComponent(id));
    $('#task-view').hidden = false;
    $('#person-fields').hidden = true;
    $('#task-title').textContent = k.task_id;
    $('#task-fields').innerHTML = `<dt>${t('residentId')}</dt><dd data-testid="task-resident-id">${esc(k.resident_id)}</dd><dt>${t('personName')}</dt><dd>${esc(k.name)}</dd>
      <dt>${t('township')}</dt><dd>${esc(k.township_code)}</dd><dt>${t('reason')}</dt><dd>${esc(k.reason)}</dd>
      <dt>${t('state')}</dt><dd data-testid="task-state" data-state="${esc(k.state)}">${esc(t('states')[k.state] || k.state)}</dd>
      <dt>${t('deadline')}</dt><dd>${esc(k.deadline)}</dd><dt>${t('note')}</dt><dd>${esc(k.note || '—')}</dd>`;
    document.querySelectorAll('#tasks tr').forEach((r) => r.classList.toggle('selected', r.dataset.task === id));
  }

  async function act(action) {
    const msg = $('#task-message');
    msg.className = 'message';
    const reason = $('#task-reason').value.trim();
    if (action === 'send-back' && !reason) { msg.textContent = t('needReason'); msg.className = 'message error'; return; }
    try {
      const k = await api(`/tasks/${encodeURIComponent(state.task)}/${action}`, { method: 'POST', body: JSON.stringify(action === 'send-back' ? { reason } : {}) });
      msg.textContent = `${k.task_id}: ${t('states')[k.state] || k.state}`;
      await showDistrict(state.district);
      await showTask(state.task);
    } catch (e) { msg.textContent = e.message; msg.className = 'message error'; }
  }

  async function openPerson() {
    const p = await api(`/tasks/${encodeURIComponent(state.task)}/person`);
    const dl = $('#person-fields');
    dl.hidden = false;
    dl.innerHTML = `<dt>${t('residentId')}</dt><dd data-testid="person-id">${esc(p.resident_id)}</dd><dt>${t('personName')}</dt><dd>${esc(p.name)}</dd>
      <dt>${t('coverageStatus')}</dt><dd>${esc(p.coverage)}</dd><dt>${t('hukou')}</dt><dd>${esc(p.hukou_address)}</dd>
      <dt>${t('residence')}</dt><dd>${esc(p.residence_address)}</dd><dt>${t('phone')}</dt><dd>${esc(p.phone)}</dd>
      <dt>${t('enrollment')}</dt><dd>${Object.entries(p.enrollment).map(([k, v]) => `${esc(t('types')[k] || k)}: ${esc(v)}`).join('<br>') || '—'}</dd>`;
  }

  async function download(path, name) {
    const res = await api(path);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url; a.download = name; a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function loadDrops() {
    const drops = await api('/drops');
    $('#drops tbody').innerHTML = drops.map((d) => `<tr><td>${esc(d.drop_id)}</td><td>${esc(d.feed)}</td><td class="num">${d.rows_in}</td>
      <td class="num">${d.accepted}</td><td class="num">${d.held}</td><td class="num">${d.rejected}</td></tr>`).join('');
  }

  async function start() {
    if (!token) { showLogin(); return; }
    let me;
    try { me = await api('/me'); } catch { return; }
    $('#login').hidden = true;
    $('#main').hidden = false;
    $('#who').textContent = `${me.name} · ${me.scope === 'city' ? t('city') + ' ' + me.city.name : me.scope}`;
    await Promise.all([loadInstances(), loadDistricts(), loadTrend(), loadDrops()]);
    if (me.district_code) await showDistrict(me.district_code);
    setInterval(() => { loadInstances().catch(() => {}); }, 5000);
  }

  document.addEventListener('click', (ev) => {
    const el = ev.target.closest('[data-id],[data-code],[data-task],[data-roster],.chart-item[data-key]');
    if (!el) return;
    if (el.dataset.roster) { ev.preventDefault(); download(`/rosters/${el.dataset.roster}.${el.dataset.format}`, `roster-${el.dataset.roster}.${el.dataset.format}`); }
    else if (el.dataset.task) showTask(el.dataset.task);
    else if (el.dataset.code) showDistrict(el.dataset.code);
    else if (el.dataset.id) showInstance(el.dataset.id);
    else if (el.dataset.key && /^\d{6}$/.test(el.dataset.key)) showDistrict(el.dataset.key);
  });
  $('#task-approve').addEventListener('click', () => act('approve'));
  $('#task-sendback').addEventListener('click', () => act('send-back'));
  $('#task-person').addEventListener('click', openPerson);
  $('#report-xlsx').addEventListener('click', () => download('/reports/monthly.xlsx', 'progress.xlsx'));
  $('#report-png').addEventListener('click', () => download('/reports/monthly.png', 'progress.png'));
  $('#lang').addEventListener('click', async () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('canbao.lang', lang);
    applyLanguage();
    if (!$('#main').hidden) {
      await Promise.all([loadInstances(), loadDistricts()]);
      if (state.district) await showDistrict(state.district);
      if (state.task) await showTask(state.task);
    }
  });
  $('#login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('#token').value.trim();
    sessionStorage.setItem('canbao.token', token);
    start();
  });
  applyLanguage();
  start();
})();
