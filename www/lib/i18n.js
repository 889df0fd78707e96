// Interface text in Chinese (default) and English, per element or page (see
// translator); no language is global. Data text never passes through here: it is
// always set with textContent.

const TEXT = {
  zh: {
    title: '创建文明城市 · 网格责任地图',
    supervisor: '督导', planner: '规划', language: 'English',
    layers: '图层', cells: '单元网格', zones: '责任区', points: '考察点位', problems: '问题',
    heat: '问题热力图', hotspots: '热点（Gi* 显著性）', assignment: '责任分配', workloadLayer: '工作量',
    hotspotsLoading: '正在计算热点…', hotspotsProblems: '个问题', heatPreparing: '正在准备热力图…',
    legend: '图例', fit: '全图', zoomIn: '放大', zoomOut: '缩小',
    myLocation: '我的位置', pickOnMap: '在地图上点选', nearest: '附近待处理问题',
    filters: '筛选', status: '状态', category: '类别', minSeverity: '最低严重程度',
    overdueOnly: '仅超期', any: '全部', search: '搜索',
    distance: '距离', daysOverdue: '超期天数', chain: '责任链',
    pointOwner: '点位责任人', cellOwner: '网格责任人', zoneOwners: '责任区责任人',
    noResults: '附近没有符合条件的问题', locating: '正在定位…', geoFailed: '无法获取位置，请在地图上点选',
    select: '选择', click: '点选', box: '框选', lasso: '套索', pan: '平移',
    selected: '已选', clear: '清空', owner: '责任人', searchOwner: '搜索责任人…',
    assign: '分配', unassign: '取消分配', undo: '撤销', redo: '重做',
    workload: '工作量', cellsCol: '网格', areaCol: '面积(km²)', pointsCol: '点位',
    openCol: '未整改', overdueCol: '超期', imbalance: '不均衡度（最大/平均）',
    coverage: '覆盖检查', unassignedCells: '未分配网格', pointsOutside: '网格外点位',
    problemsOutside: '网格外问题', conflicts: '同级责任冲突',
    export: '导出', exportCells: '网格 GeoJSON', exportCsv: '责任分解表 CSV',
    openFiles: '打开文件', dropHint: '拖放 GeoJSON 文件到地图，或', chooseFile: '选择文件',
    rejected: '未载入的要素', loaded: '已载入', field: '字段', reason: '原因',
    credit: '数据来源：天地图', loading: '正在加载…', indexing: '正在建立索引', ready: '就绪', cancel: '取消', cancelled: '已取消载入',
    statusOpen: '待整改', statusRectifying: '整改中', statusClosed: '已销号',
    cat_bikes: '共享单车乱停放', cat_parking: '机动车乱停放', cat_garbage: '垃圾未清运',
    cat_stalls: '占道经营', cat_facilities: '设施损坏', cat_ads: '公益广告缺失', cat_other: '其他',
    metres: '米', km: '千米', unassigned: '未分配', conflict: '冲突', heatLow: '少', heatHigh: '多',
    none: '无', level: '级', pointsDot: '点位', problemDot: '问题', fileLayer: '图层类型', auto: '自动识别',
    owners: '责任人名单',
    assignWhat: '分配对象', pickCells: '网格', pickZones: '责任区', pickPoints: '点位', zoneLevelAny: '最末级责任区',
    confirmAssign: '确认分配', cancel: '取消', willAssign: '将分配', takenFrom: '从以下责任人处收回',
    w_levelMismatch: '层级不符：{who}为{ol}级，{n}个{layer}应由{levels}级负责',
    w_overLimit: '超出上限：{who}将包抓{n}个{layer}{zl}，上限{max}个',
    w_leftWithoutHolder: '{n}个网格将失去{levels}级责任人',
    w_newConflict: '{n}个网格将在{levels}级出现两名牵头人',
    w_unknownMember: '联合单位“{who}”不在责任人名单中，按单位名称保存',
    layer_cells: '网格', layer_zones: '责任区', layer_points: '点位',
    levelCol: '层级', zonesCol: '责任区', coveredCol: '覆盖网格', closedCol: '已销号',
    missingLevel: '缺{level}级责任人', unheldZones: '无牵头人的责任区', unheldPoints: '无责任人的点位',
    idleOwners: '未包抓任何对象的责任人', overLimit: '超出上限', levelMismatches: '层级不符',
    chainHint: '点选一个网格查看其责任链', missing: '缺失', exportOwnerCsv: '责任分解表（按责任人）CSV', exportXlsx: '责任分解表 Excel',
    heatWindow: '热力图时段', windowAll: '全部', windowDay: '当日（日检查）', windowWeek: '近7天（周通报）', windowMonth: '近30天（月点评）',
    reckonFrom: '按此日计算', asOfShort: '按', asOfData: '数据日期', asOfChanged: '已改日期，数据日期为',
    heatEmpty: '此时段没有问题', recordProblem: '登记问题', radius: '范围', anywhere: '不限',
    sortBy: '排序', sortDistance: '距离', sortDaysOverdue: '超期天数', sortDeadline: '整改期限',
    statusSubmitted: '待复查', source: '来源', src_open_inspection: '明查', src_covert_inspection: '暗访',
    src_complaint: '群众投诉', src_media: '媒体曝光', severity: '严重程度', sev_1: '一般', sev_2: '较重', sev_3: '严重',
    found: '发现', deadline: '整改期限', extended: '已延期', street: '街道', community: '社区',
    shown: '显示', ofTotal: '共', within: '范围内',
    act_record: '登记', act_start: '开始整改', act_submit: '提交复查', act_pass: '复查通过·销号', act_fail: '复查未通过',
    act_extend: '延期', act_reopen: '复发重开', note: '备注', extendDays: '延期天数', extendReason: '延期理由',
    history: '处理记录', photos: '照片', myName: '我的姓名', unsent: '未发送的变更', exportJournal: '导出变更记录',
    restored: '已恢复未发送的变更', restoreFailed: '保存的变更与当前数据不符（已保留，可导出）',
    noStorage: '此浏览器不能离线保存变更', close: '关闭', save: '登记', cancel: '取消',
    needLocation: '请先定位：点“我的位置”或在地图上点选', atPoint: '点位', noPoint: '不在考察点位',
    pickHint: '在地图上点一下所在位置', problemId: '编号', overdueDays: '超期', days: '天', location: '位置',
    supervisorDefault: '督导员', changeSaved: '已保存在本机，待发送',
    heatUnit: '加权问题数/平方公里', heatParts: '此处热度的构成', heatDensity: '此处密度', share: '占比',
    heatPartsMore: '其余', heatPartsOf: '个问题共同构成',
    bulletin: '通报', bulletinTitle: '创建文明城市工作周通报', week: '周', scoreBy: '排名对象',
    by_street: '街道', by_community: '社区', by_zone: '责任区', by_owner: '责任人', by_unit: '责任单位', zoneLevel: '级别',
    bottomN: '通报后几位', print: '打印', downloadCsv: '下载 CSV', rank: '名次', unitCol: '单位', holder: '责任人',
    score: '得分', scoreChange: '较上期', rankChange: '名次变化', foundCol: '发现', perKm2Col: '加权/km²',
    overdueOpen: '逾期/未销号', onTimeDue: '按时/到期', recurCol: '复发', bottomNamed: '排名后{n}位（通报）',
    windowOf: '时段', ledgerDate: '台账日期', previousWindow: '上期', scoreMethod: '得分 = 100 − 发现扣分 − 积压扣分 − 超期扣分 − 复发扣分；问题按来源加权：',
    playback: '时间回放', stepDay: '按日', stepWeek: '按周', play: '播放', pause: '暂停', playFrom: '自', playTo: '至',
  },
  en: {
    title: 'Civilized-city campaign · grid responsibility map',
    supervisor: 'Supervisor', planner: 'Planner', language: '中文',
    layers: 'Layers', cells: 'Grid cells', zones: 'Zones', points: 'Inspection points', problems: 'Problems',
    heat: 'Problem heatmap', hotspots: 'Hot spots (Gi* significance)', assignment: 'Assignment', workloadLayer: 'Workload',
    hotspotsLoading: 'Computing hot spots…', hotspotsProblems: 'problems', heatPreparing: 'Preparing the heatmap…',
    legend: 'Legend', fit: 'Fit', zoomIn: 'Zoom in', zoomOut: 'Zoom out',
    myLocation: 'My location', pickOnMap: 'Pick on map', nearest: 'Problems to act on nearby',
    filters: 'Filters', status: 'Status', category: 'Category', minSeverity: 'Minimum severity',
    overdueOnly: 'Overdue only', any: 'Any', search: 'Search',
    distance: 'Distance', daysOverdue: 'Days overdue', chain: 'Responsibility',
    pointOwner: 'Point owner', cellOwner: 'Cell owner', zoneOwners: 'Zone owners',
    noResults: 'No matching problems nearby', locating: 'Locating…', geoFailed: 'No location; pick one on the map',
    select: 'Select', click: 'Click', box: 'Box', lasso: 'Lasso', pan: 'Pan',
    selected: 'Selected', clear: 'Clear', owner: 'Owner', searchOwner: 'Search owners…',
    assign: 'Assign', unassign: 'Unassign', undo: 'Undo', redo: 'Redo',
    workload: 'Workload', cellsCol: 'Cells', areaCol: 'Area (km²)', pointsCol: 'Points',
    openCol: 'Open', overdueCol: 'Overdue', imbalance: 'Imbalance (max/mean)',
    coverage: 'Coverage', unassignedCells: 'Unassigned cells', pointsOutside: 'Points outside cells',
    problemsOutside: 'Problems outside cells', conflicts: 'Same-level conflicts',
    export: 'Export', exportCells: 'Cells GeoJSON', exportCsv: 'Responsibility table CSV',
    openFiles: 'Open files', dropHint: 'Drop GeoJSON files on the map, or', chooseFile: 'choose files',
    rejected: 'Features not loaded', loaded: 'Loaded', field: 'Field', reason: 'Reason',
    credit: 'Data: Tianditu (天地图)', loading: 'Loading…', indexing: 'Indexing', ready: 'Ready', cancel: 'Cancel', cancelled: 'load cancelled',
    statusOpen: 'Open', statusRectifying: 'Rectifying', statusClosed: 'Closed',
    cat_bikes: 'Bikes parked in disorder', cat_parking: 'Cars parked illegally', cat_garbage: 'Garbage not cleared',
    cat_stalls: 'Illegal stalls', cat_facilities: 'Damaged facilities', cat_ads: 'Missing ad boards', cat_other: 'Other',
    metres: 'm', km: 'km', unassigned: 'Unassigned', conflict: 'Conflict', heatLow: 'few', heatHigh: 'many',
    none: 'none', level: 'level', pointsDot: 'Point', problemDot: 'Problem', fileLayer: 'Layer', auto: 'Detect',
    owners: 'Owners',
    assignWhat: 'Assign', pickCells: 'Cells', pickZones: 'Zones', pickPoints: 'Points', zoneLevelAny: 'most junior zone',
    confirmAssign: 'Confirm', cancel: 'Cancel', willAssign: 'Will assign', takenFrom: 'Taken from',
    w_levelMismatch: 'Level mismatch: {who} is level {ol}; {n} {layer} call for level {levels}',
    w_overLimit: 'Over the limit: {who} would hold {n} {layer}{zl}; the limit is {max}',
    w_leftWithoutHolder: '{n} cells left without a level-{levels} holder',
    w_newConflict: '{n} cells would have two leads at level {levels}',
    w_unknownMember: 'Member "{who}" is not in the owners list; kept as a unit name',
    layer_cells: 'cells', layer_zones: 'zones', layer_points: 'points',
    levelCol: 'Level', zonesCol: 'Zones', coveredCol: 'Covered', closedCol: 'Closed',
    missingLevel: 'No level-{level} holder', unheldZones: 'Zones without a lead', unheldPoints: 'Points without a holder',
    idleOwners: 'Owners holding nothing', overLimit: 'Over a limit', levelMismatches: 'Level mismatches',
    chainHint: 'Click a cell to see its chain', missing: 'missing', exportOwnerCsv: 'Table by owner CSV', exportXlsx: 'Responsibility table Excel',
    heatWindow: 'Heatmap period', windowAll: 'All', windowDay: 'Day (daily check)', windowWeek: 'Last 7 days (weekly bulletin)', windowMonth: 'Last 30 days (monthly review)',
    reckonFrom: 'Reckoned on', asOfShort: 'as of', asOfData: 'the data\'s date', asOfChanged: 'changed; the data\'s date is',
    heatEmpty: 'No problems in this period', recordProblem: 'Record a problem', radius: 'Within', anywhere: 'anywhere',
    sortBy: 'Order', sortDistance: 'distance', sortDaysOverdue: 'days overdue', sortDeadline: 'deadline',
    statusSubmitted: 'Awaiting re-check', source: 'Source', src_open_inspection: 'Open inspection', src_covert_inspection: 'Covert inspection',
    src_complaint: 'Complaint', src_media: 'Media', severity: 'Severity', sev_1: 'minor', sev_2: 'moderate', sev_3: 'serious',
    found: 'Found', deadline: 'Deadline', extended: 'extended', street: 'Sub-district', community: 'Community',
    shown: 'Showing', ofTotal: 'of', within: 'within',
    act_record: 'Recorded', act_start: 'Start rectifying', act_submit: 'Submit for re-check', act_pass: 'Re-check passed · close', act_fail: 'Re-check failed',
    act_extend: 'Extend', act_reopen: 'Reopen', note: 'Note', extendDays: 'Days to add', extendReason: 'Reason for the extension',
    history: 'History', photos: 'Photos', myName: 'My name', unsent: 'Unsent changes', exportJournal: 'Export the journal',
    restored: 'Unsent changes restored', restoreFailed: 'Saved changes do not fit this data (kept; export them)',
    noStorage: 'This browser cannot keep changes offline', close: 'Close', save: 'Record', cancel: 'Cancel',
    needLocation: 'Locate first: My location, or pick on the map', atPoint: 'Point', noPoint: 'Not at an inspection point',
    pickHint: 'Tap the map where you are', problemId: 'No.', overdueDays: 'Overdue', days: 'days', location: 'Location',
    supervisorDefault: 'Supervisor', changeSaved: 'Kept on this device, to send',
    heatUnit: 'weighted problems per km²', heatParts: 'What makes the heat here', heatDensity: 'Density here', share: 'share',
    heatPartsMore: 'the rest', heatPartsOf: 'problems add to it',
    bulletin: 'Bulletin', bulletinTitle: 'Civilized-city campaign weekly bulletin', week: 'Week', scoreBy: 'Rank',
    by_street: 'Sub-districts', by_community: 'Communities', by_zone: 'Zones', by_owner: 'Owners', by_unit: 'Units', zoneLevel: 'Level',
    bottomN: 'Name the bottom', print: 'Print', downloadCsv: 'Download CSV', rank: 'Rank', unitCol: 'Unit', holder: 'Holder',
    score: 'Score', scoreChange: 'Change', rankChange: 'Rank change', foundCol: 'Found', perKm2Col: 'Weighted/km²',
    overdueOpen: 'Overdue/open', onTimeDue: 'On time/due', recurCol: 'Recurred', bottomNamed: 'Bottom {n} (named)',
    windowOf: 'Window', ledgerDate: 'Ledger date', previousWindow: 'previous', scoreMethod: 'Score = 100 − found − backlog − late − recurrence deductions; problems weighted by source:',
    playback: 'Time playback', stepDay: 'by day', stepWeek: 'by week', play: 'Play', pause: 'Pause', playFrom: 'from', playTo: 'to',
  },
};

/** 'en' or 'zh' (the default) from any lang attribute value ('en-GB' → 'en'). */
export function normLang(value) {
  return /^en\b/i.test(String(value ?? '')) ? 'en' : 'zh';
}

/** The interface text for `key` in `lang`. */
export function text(lang, key) {
  return TEXT[normLang(lang)][key] ?? TEXT.zh[key] ?? key;
}

/** Fills every [data-i18n] element under root with its text in `lang`, [data-i18n-title] titles and placeholders. */
export function translate(root, lang) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = text(lang, el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) {
    el.title = text(lang, el.dataset.i18nTitle);
    el.setAttribute('aria-label', text(lang, el.dataset.i18nTitle));
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = text(lang, el.dataset.i18nPlaceholder);
}

/** "123 m" / "1.2 km" in `lang`. */
export function formatDistance(m, lang) {
  return m < 1000 ? `${Math.round(m)} ${text(lang, 'metres')}` : `${(m / 1000).toFixed(m < 10000 ? 2 : 1)} ${text(lang, 'km')}`;
}

/**
 * Text in one language, for one element or one page: nothing here is global, so two
 * maps on a portal page can speak different languages.
 */
export function translator(lang) {
  const l = normLang(lang);
  return {
    lang: l,
    t: (key) => text(l, key),
    translate: (root) => translate(root, l),
    formatDistance: (m) => formatDistance(m, l),
  };
}
