// The clinic dashboard: plain JavaScript over the app's JSON API, no build step.
'use strict';

const TEXT = {
  en: {
    title: 'Aura Quota · Clinic dashboard', signOut: 'Sign out', signIn: 'Sign in', token: 'Token',
    demoBanner: 'Offline demo analyzer: no AI model is called. Analyses are a fixed formula over the facial metrics.',
    signInTitle: 'Sign in as a demo user', remaining: 'Remaining', monthly: 'Monthly', addon: 'Add-on',
    overage: 'Overage', used: 'Used this month', plan: 'Plan', resets: 'Resets', scanTitle: 'Scan a customer',
    customerName: 'Customer name', customerId: 'Customer id (repeat scans within 24 h are free)',
    quickScan: 'Quick scan (0.2 unit)', clinicalScan: 'Clinical analysis (1 unit)', buyMore: 'Buy More Scans',
    alertsTitle: 'Alerts', usageTitle: 'Usage this period', recommendationsTitle: 'Recommendations',
    planTitle: 'Plan', changePlan: 'Change plan', allClinics: 'All clinics', clinic: 'Clinic', alert: 'Alert',
    forecastTitle: 'Burn-rate forecast', cacheTitle: 'Caches', resetCache: 'Reset caches',
    units: 'units', score: 'Overall score', model: 'Model', consumed: 'Charged', free: 'free repeat scan',
    noAlerts: 'No alerts this period.', noRecommendations: 'Nothing to recommend.',
    bought: (n, cost) => `Bought ${n} for ${cost}.`, acceptOverage: cost => `Continue and pay ${cost}`,
    runsOut: d => `Monthly allowance runs out on ${d}.`, notBeforeReset: 'Monthly allowance lasts until the reset.',
    dailyRate: r => `Burn rate ${r} units a day.`, cache: s => `Hit rate ${s.hitRate}% (${s.hits} hits, ${s.misses} misses, ${s.cacheSize} entries)`,
    scans: 'scans', level: { WARNING: 'Warning: under 10% left', CRITICAL: 'Critical: under 5% left', EXHAUSTED: 'Exhausted', OVERAGE_STARTED: 'In overage', RECOVERED: 'Recovered', RESET: 'New period' },
    actual: 'actual', projected: 'projected', allowance: 'allowance',
    chartDate: 'date', chartUnits: 'units used (cumulative)', chartAddon: 'allowance + add-on',
    projectedBeyond: v => `Projected use reaches ${v} units (above the chart).`,
    tokenNeeded: name => `${name}'s token is not listed here: paste it from the server's start-up log.`,
    cancel: 'Cancel', confirm: 'Confirm', working: 'Working…',
    role: { SALES: 'Sales', OWNER: 'Owner', ADMIN: 'Platform admin' },
    scanCount: n => n === 1 ? '1 scan' : `${n} scans`,
    confirmBuy: (n, price) => `Buy ${n} for ${price}?`,
    suggestion: (n, price) => `Suggested top-up: ${n} for ${price}.`,
    confirmOverage: cost => `Continue this scan into overage and pay ${cost}?`,
    confirmPlanNow: (plan, charge, month) => `Change to ${plan}: ${charge} now for the rest of ${month}?`,
    confirmPlanCredit: (plan, credit, month) => `Change to ${plan} now: ${credit} credited for the rest of ${month}?`,
    confirmPlanLater: (plan, date) => `Change to ${plan} from ${date}? Nothing is charged now.`,
    confirmPlanFree: plan => `Change to ${plan} now? Nothing is charged.`,
    planChanged: (plan, date) => `Plan changed to ${plan} (from ${date}).`,
    samePlan: 'This is the current plan.',
    scanLabel: (clinical, units) => `${clinical ? 'Clinical analysis' : 'Quick scan'} (${units} ${Number(units) > 1 ? 'units' : 'unit'})`,
    scanRefused: (clinical, message) => `${clinical ? 'Clinical analysis' : 'Quick scan'}: ${message}`,
    scanBillsOverage: (clinical, cost) => `The next ${clinical ? 'clinical analysis' : 'quick scan'} is billed as overage: ${cost}.`,
    forecastNeed: (units, date, offer, price) => `Forecast: you need ${units} more units before ${date} — ${offer} (${price}) ${offer.startsWith('the ') ? 'covers' : 'cover'} it.`,
    namedPack: n => `the ${n}-scan pack`, byCount: n => n === 1 ? '1 scan' : `${n} scans`,
    buyForecast: 'Buy it',
    downloadStatement: 'Download statement (CSV)', downloadStatementJson: 'Download statement (JSON)',
    statementTitle: 'Statement', statementPeriod: 'Period', currentPeriod: 'current',
    staffMember: 'Staff member', scansColumn: 'Scans', unitsColumn: 'Units', overageColumn: 'Overage',
    repeatsColumn: 'Free repeat scans', noStaff: '(no staff member)', noUsage: 'No usage in this period.',
    statementTotals: (charged, credited, net, credit) =>
        `Charged ${charged} · credited ${credited} · ${credit ? 'owed to the clinic' : 'to pay'} ${net}`,
    mAsym: 'Facial asymmetry (0–1)', mTexture: 'Skin texture (0–1)', mVolume: 'Volume loss (0–1, comma-separated)',
    mWrinkle: 'Wrinkle depth (0–1)', mPore: 'Pore size (0–1)', summary: 'Summary',
    priority: { HIGH: 'high priority', MEDIUM: 'medium priority', LOW: 'low priority' },
    receiptsTitle: 'Receipts', receiptTime: 'Time', receiptOperation: 'Operation',
    receiptUnits: 'Units (month / packs / overage)', receiptMoney: 'Money', receiptFree: 'Free repeat scan',
    noReceipts: 'No charges in this period.', yes: 'yes', no: 'no',
    operation: { QUICK_SCAN: 'Quick scan', CLINICAL_ANALYSIS: 'Clinical analysis' },
    receiptHeading: (key, at) => `Receipt ${key} · ${at}`,
    receiptSplit: (monthly, packs, overage) => `From the month ${monthly} · from packs ${packs} · overage ${overage}`,
    receiptPaidBy: (pack, units) => `${pack}: ${units} units`,
    receiptFacts: (plan, price, model) => `Plan ${plan} · overage price ${price} a unit · model ${model}`,
    receiptWaived: units => `Waived ${units} units (free repeat scan)`,
    receiptReversed: (units, money) => `Given back ${units} units · credited ${money}`,
    refundCharge: 'Refund this charge', confirmRefund: (units, key) => `Give back ${units} units of charge ${key}?`,
    refunded: units => `Gave back ${units} units.`,
    voidPack: 'Void', confirmVoid: (pack, units) => `Void ${pack}: its ${units} unused units go and their money is paid back?`,
    voided: (units, money) => `Voided ${units} units; paid back ${money}.`,
    grantsTitle: 'Packs', grantPack: 'Pack', grantRemaining: 'Remaining of bought', grantHeld: 'Held',
    grantExpires: 'Expires', neverExpires: 'never expires', byCountPack: 'scans bought by count',
    noGrants: 'No packs bought.', remainingOf: (left, bought) => `${left} of ${bought}`,
    autoTopUpTitle: 'Auto top-up', atuThreshold: 'Buy when units left are at most', atuPack: 'Pack',
    atuCeiling: 'Most per month', atuSave: 'Turn on auto top-up', atuOff: 'Turn off',
    atuNotSet: 'Auto top-up is not set.',
    atuOn: (threshold, pack, ceiling, spent) => `On: buys ${pack} when ${threshold} left; ${spent} of ${ceiling} spent this month.`,
    atuOffState: (reason) => `Off${reason ? ` (${reason})` : ''}.`,
    atuCeilingReached: 'The monthly ceiling stopped a purchase this month.',
    atuPayment: (state, units, amount) => `Payment under way: ${units} units for ${amount} (${state}).`,
    pendingUnits: (monthly, addon, overage, awaiting) => `Pending, not in the balances: held by scans in progress ${monthly} monthly / ${addon} packs / ${overage} overage; awaiting payment ${awaiting} units.`,
    branchesTitle: 'Branches', branchName: 'Branch / staff member', branchBudget: 'Monthly budget',
    branchUsed: 'Used', branchRemaining: 'Remaining', branchRunsOut: 'Budget runs out',
    noBudget: 'no budget', noBranches: 'No branches defined.', notBeforeEnd: 'not this period',
    tooLittleData: 'too little data',
    quietTitle: 'Quiet hours', quietLabel: 'Closed from–to, HH:mm-HH:mm (empty: none)', quietSave: 'Save quiet hours',
    quietNone: 'No quiet hours: every alert goes out at once.',
    quietSet: (hours, zone) => `Quiet hours ${hours} (${zone}): warnings and recoveries raised then wait until the clinic opens; critical alerts go out at once.`,
    confirmQuiet: hours => `Set the quiet hours to ${hours}? Warnings and recoveries raised then wait until the clinic opens.`,
    confirmQuietClear: 'Remove the quiet hours? Every alert then goes out at once.',
  },
  th: {
    title: 'Aura Quota · แดชบอร์ดคลินิก', signOut: 'ออกจากระบบ', signIn: 'เข้าสู่ระบบ', token: 'โทเคน',
    demoBanner: 'ตัววิเคราะห์สาธิตแบบออฟไลน์: ไม่มีการเรียกใช้ AI ผลวิเคราะห์คำนวณจากค่าใบหน้าด้วยสูตรคงที่',
    signInTitle: 'เข้าสู่ระบบด้วยผู้ใช้สาธิต', remaining: 'คงเหลือ', monthly: 'รายเดือน', addon: 'ซื้อเพิ่ม',
    overage: 'ส่วนเกิน', used: 'ใช้ไปเดือนนี้', plan: 'แพ็กเกจ', resets: 'รีเซ็ต', scanTitle: 'สแกนลูกค้า',
    customerName: 'ชื่อลูกค้า', customerId: 'รหัสลูกค้า (สแกนซ้ำภายใน 24 ชม. ฟรี)',
    quickScan: 'สแกนด่วน (0.2 หน่วย)', clinicalScan: 'วิเคราะห์เชิงคลินิก (1 หน่วย)', buyMore: 'ซื้อสแกนเพิ่ม',
    alertsTitle: 'การแจ้งเตือน', usageTitle: 'การใช้งานรอบนี้', recommendationsTitle: 'คำแนะนำ',
    planTitle: 'แพ็กเกจ', changePlan: 'เปลี่ยนแพ็กเกจ', allClinics: 'ทุกคลินิก', clinic: 'คลินิก', alert: 'แจ้งเตือน',
    forecastTitle: 'พยากรณ์อัตราการใช้', cacheTitle: 'แคช', resetCache: 'ล้างแคช',
    units: 'หน่วย', score: 'คะแนนรวม', model: 'โมเดล', consumed: 'หักโควตา', free: 'สแกนซ้ำฟรี',
    noAlerts: 'ไม่มีการแจ้งเตือนในรอบนี้', noRecommendations: 'ไม่มีคำแนะนำ',
    bought: (n, cost) => `ซื้อ ${n} แล้ว ราคา ${cost}`, acceptOverage: cost => `ดำเนินการต่อและชำระ ${cost}`,
    runsOut: d => `โควตารายเดือนจะหมดวันที่ ${d}`, notBeforeReset: 'โควตารายเดือนพอถึงวันรีเซ็ต',
    dailyRate: r => `ใช้วันละ ${r} หน่วย`, cache: s => `อัตราการใช้แคช ${s.hitRate}% (${s.hits} ครั้ง, พลาด ${s.misses}, ${s.cacheSize} รายการ)`,
    scans: 'สแกน', level: { WARNING: 'เตือน: เหลือน้อยกว่า 10%', CRITICAL: 'วิกฤต: เหลือน้อยกว่า 5%', EXHAUSTED: 'หมดโควตา', OVERAGE_STARTED: 'ใช้ส่วนเกิน', RECOVERED: 'กลับมาเหนือเกณฑ์', RESET: 'เริ่มรอบใหม่' },
    actual: 'ใช้จริง', projected: 'คาดการณ์', allowance: 'โควตา',
    chartDate: 'วันที่', chartUnits: 'หน่วยที่ใช้ (สะสม)', chartAddon: 'โควตา + ซื้อเพิ่ม',
    projectedBeyond: v => `คาดว่าจะใช้ถึง ${v} หน่วย (เกินขอบกราฟ)`,
    tokenNeeded: name => `ไม่ได้แสดงโทเคนของ ${name} ที่นี่ กรุณาวางโทเคนจากบันทึกตอนเริ่มเซิร์ฟเวอร์`,
    cancel: 'ยกเลิก', confirm: 'ยืนยัน', working: 'กำลังดำเนินการ…',
    role: { SALES: 'ฝ่ายขาย', OWNER: 'เจ้าของคลินิก', ADMIN: 'ผู้ดูแลระบบ' },
    scanCount: n => `${n} สแกน`,
    confirmBuy: (n, price) => `ซื้อ ${n} ราคา ${price} ใช่ไหม`,
    suggestion: (n, price) => `แนะนำให้ซื้อ ${n} ราคา ${price}`,
    confirmOverage: cost => `สแกนต่อในส่วนเกินและชำระ ${cost} ใช่ไหม`,
    confirmPlanNow: (plan, charge, month) => `เปลี่ยนเป็น ${plan}: ชำระ ${charge} ตอนนี้สำหรับช่วงที่เหลือของ${month} ใช่ไหม`,
    confirmPlanCredit: (plan, credit, month) => `เปลี่ยนเป็น ${plan} ตอนนี้: คืนเครดิต ${credit} สำหรับช่วงที่เหลือของ${month} ใช่ไหม`,
    confirmPlanLater: (plan, date) => `เปลี่ยนเป็น ${plan} ตั้งแต่ ${date} ใช่ไหม ไม่มีค่าใช้จ่ายตอนนี้`,
    confirmPlanFree: plan => `เปลี่ยนเป็น ${plan} ตอนนี้ใช่ไหม ไม่มีค่าใช้จ่าย`,
    planChanged: (plan, date) => `เปลี่ยนแพ็กเกจเป็น ${plan} แล้ว (ตั้งแต่ ${date})`,
    samePlan: 'นี่คือแพ็กเกจปัจจุบัน',
    scanLabel: (clinical, units) => `${clinical ? 'วิเคราะห์เชิงคลินิก' : 'สแกนด่วน'} (${units} หน่วย)`,
    scanRefused: (clinical, message) => `${clinical ? 'วิเคราะห์เชิงคลินิก' : 'สแกนด่วน'}: ${message}`,
    scanBillsOverage: (clinical, cost) => `${clinical ? 'การวิเคราะห์เชิงคลินิก' : 'การสแกนด่วน'}ครั้งถัดไปคิดเป็นส่วนเกิน: ${cost}`,
    forecastNeed: (units, date, offer, price) => `พยากรณ์: ต้องใช้อีก ${units} หน่วยก่อนวันที่ ${date} — ${offer} (${price}) เพียงพอ`,
    namedPack: n => `แพ็ก ${n} สแกน`, byCount: n => `ซื้อ ${n} สแกน`,
    buyForecast: 'ซื้อเลย',
    downloadStatement: 'ดาวน์โหลดใบแจ้งยอด (CSV)', downloadStatementJson: 'ดาวน์โหลดใบแจ้งยอด (JSON)',
    statementTitle: 'ใบแจ้งยอด', statementPeriod: 'รอบบิล', currentPeriod: 'รอบปัจจุบัน',
    staffMember: 'พนักงาน', scansColumn: 'จำนวนสแกน', unitsColumn: 'หน่วย', overageColumn: 'ส่วนเกิน',
    repeatsColumn: 'สแกนซ้ำฟรี', noStaff: '(ไม่ระบุพนักงาน)', noUsage: 'ไม่มีการใช้งานในรอบนี้',
    statementTotals: (charged, credited, net, credit) =>
        `ยอดเรียกเก็บ ${charged} · เครดิต ${credited} · ${credit ? 'คืนให้คลินิก' : 'ยอดที่ต้องชำระ'} ${net}`,
    mAsym: 'ความไม่สมมาตรของใบหน้า (0–1)', mTexture: 'พื้นผิวผิว (0–1)', mVolume: 'การสูญเสียปริมาตร (0–1 คั่นด้วยจุลภาค)',
    mWrinkle: 'ความลึกของริ้วรอย (0–1)', mPore: 'ขนาดรูขุมขน (0–1)', summary: 'สรุป',
    priority: { HIGH: 'สำคัญมาก', MEDIUM: 'สำคัญปานกลาง', LOW: 'สำคัญน้อย' },
    receiptsTitle: 'ใบเสร็จ', receiptTime: 'เวลา', receiptOperation: 'รายการ',
    receiptUnits: 'หน่วย (รายเดือน / แพ็ก / ส่วนเกิน)', receiptMoney: 'เงิน', receiptFree: 'สแกนซ้ำฟรี',
    noReceipts: 'ไม่มีการตัดโควตาในรอบนี้', yes: 'ใช่', no: 'ไม่',
    operation: { QUICK_SCAN: 'สแกนด่วน', CLINICAL_ANALYSIS: 'วิเคราะห์เชิงคลินิก' },
    receiptHeading: (key, at) => `ใบเสร็จ ${key} · ${at}`,
    receiptSplit: (monthly, packs, overage) => `จากโควตารายเดือน ${monthly} · จากแพ็ก ${packs} · ส่วนเกิน ${overage}`,
    receiptPaidBy: (pack, units) => `${pack}: ${units} หน่วย`,
    receiptFacts: (plan, price, model) => `แพ็กเกจ ${plan} · ราคาส่วนเกิน ${price} ต่อหน่วย · โมเดล ${model}`,
    receiptWaived: units => `ยกเว้น ${units} หน่วย (สแกนซ้ำฟรี)`,
    receiptReversed: (units, money) => `คืนแล้ว ${units} หน่วย · เครดิต ${money}`,
    refundCharge: 'คืนรายการนี้', confirmRefund: (units, key) => `คืน ${units} หน่วยของรายการ ${key} ใช่ไหม`,
    refunded: units => `คืนแล้ว ${units} หน่วย`,
    voidPack: 'ยกเลิกแพ็ก', confirmVoid: (pack, units) => `ยกเลิก ${pack}: ${units} หน่วยที่ยังไม่ได้ใช้จะหายไปและคืนเงินส่วนนั้น ใช่ไหม`,
    voided: (units, money) => `ยกเลิกแล้ว ${units} หน่วย คืนเงิน ${money}`,
    grantsTitle: 'แพ็กที่ซื้อ', grantPack: 'แพ็ก', grantRemaining: 'คงเหลือจากที่ซื้อ', grantHeld: 'กันไว้',
    grantExpires: 'หมดอายุ', neverExpires: 'ไม่มีวันหมดอายุ', byCountPack: 'สแกนที่ซื้อตามจำนวน',
    noGrants: 'ยังไม่ได้ซื้อแพ็ก', remainingOf: (left, bought) => `${left} จาก ${bought}`,
    autoTopUpTitle: 'เติมโควตาอัตโนมัติ', atuThreshold: 'ซื้อเมื่อเหลือไม่เกิน (หน่วย)', atuPack: 'แพ็ก',
    atuCeiling: 'สูงสุดต่อเดือน', atuSave: 'เปิดการเติมอัตโนมัติ', atuOff: 'ปิด',
    atuNotSet: 'ยังไม่ได้ตั้งการเติมอัตโนมัติ',
    atuOn: (threshold, pack, ceiling, spent) => `เปิดอยู่: ซื้อ ${pack} เมื่อเหลือ ${threshold} ใช้ไป ${spent} จาก ${ceiling} ในเดือนนี้`,
    atuOffState: (reason) => `ปิดอยู่${reason ? ` (${reason})` : ''}`,
    atuCeilingReached: 'เพดานรายเดือนหยุดการซื้อครั้งหนึ่งในเดือนนี้',
    atuPayment: (state, units, amount) => `กำลังชำระเงิน: ${units} หน่วย ราคา ${amount} (${state})`,
    pendingUnits: (monthly, addon, overage, awaiting) => `รอดำเนินการ ไม่รวมในยอดคงเหลือ: กันไว้สำหรับสแกนที่กำลังทำ รายเดือน ${monthly} / แพ็ก ${addon} / ส่วนเกิน ${overage}; รอชำระเงิน ${awaiting} หน่วย`,
    branchesTitle: 'สาขา', branchName: 'สาขา / พนักงาน', branchBudget: 'งบประมาณรายเดือน',
    branchUsed: 'ใช้ไป', branchRemaining: 'คงเหลือ', branchRunsOut: 'งบหมดวันที่',
    noBudget: 'ไม่มีงบ', noBranches: 'ยังไม่มีสาขา', notBeforeEnd: 'ไม่หมดในรอบนี้',
    tooLittleData: 'ข้อมูลยังน้อยเกินไป',
    quietTitle: 'ช่วงเวลาปิดทำการ', quietLabel: 'ปิดทำการตั้งแต่–ถึง รูปแบบ HH:mm-HH:mm (เว้นว่าง: ไม่มี)', quietSave: 'บันทึกช่วงเวลาปิดทำการ',
    quietNone: 'ไม่ได้ตั้งช่วงเวลาปิดทำการ: การแจ้งเตือนทุกรายการส่งทันที',
    quietSet: (hours, zone) => `ช่วงเวลาปิดทำการ ${hours} (${zone}): การแจ้งเตือนระดับเตือนและการกลับมาเหนือเกณฑ์ที่เกิดในช่วงนี้จะส่งเมื่อคลินิกเปิด ส่วนการแจ้งเตือนวิกฤตส่งทันที`,
    confirmQuiet: hours => `ตั้งช่วงเวลาปิดทำการเป็น ${hours} ใช่ไหม การแจ้งเตือนระดับเตือนที่เกิดในช่วงนี้จะส่งเมื่อคลินิกเปิด`,
    confirmQuietClear: 'ยกเลิกช่วงเวลาปิดทำการใช่ไหม การแจ้งเตือนทุกรายการจะส่งทันที',
  },
};

const state = {
  lang: localStorage.getItem('aq.lang') || 'en',
  token: sessionStorage.getItem('aq.token'),
  me: null,
  status: null,
  lastRefusal: null,
  lastScan: null,
  lastAnalysis: null,
  owner: null,
  poll: null,
  staff: {},
  plans: [],
  planTouched: false,
  pending: {},
  busy: new Set(),
  chart: null,
  chartKey: null,
  chartYMax: 1,
  availability: null,
  periods: [],
  statement: null,
  receipts: null,
  receipt: null,
  quietTouched: false,
};

const $ = id => document.getElementById(id);
const t = key => TEXT[state.lang][key];
const locale = () => state.lang === 'th' ? 'th-TH' : 'en-GB';

// An amount from the server, in baht, through Intl for the chosen locale: the currency's sign,
// grouped digits, satang shown only when there are any (฿4,800 and ฿3,096.77).
function money(amount) {
  const n = Number(amount);
  const digits = Number.isInteger(n) ? 0 : 2;
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'THB', currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits, maximumFractionDigits: 2 }).format(n);
}

// An instant from the server as a date and time of the chosen locale, in the clinic's zone.
function dateTime(instant) {
  const zone = state.status ? state.status.zone : undefined;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
      .format(new Date(instant));
}

// A random idempotency key. crypto.randomUUID exists only in secure contexts (https, localhost),
// so over plain HTTP on a clinic's LAN the key is built from crypto.getRandomValues, which exists
// everywhere: a version-4 UUID.
function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// One idempotency key per user action: the key of `action` is kept while its request has no
// final answer (a network error, a 5xx, a 409 REQUEST_IN_PROGRESS), so a retry of the same action
// with the same body sends the same key and the server does it once. A final answer, or another
// body, starts a new action.
function keyFor(action, body) {
  const fingerprint = JSON.stringify(body);
  const pending = state.pending[action];
  if (pending && pending.fingerprint === fingerprint) return pending.key;
  state.pending[action] = { fingerprint, key: newKey() };
  return state.pending[action].key;
}

function settle(action, answer) {
  const unsettled = !answer || answer.status >= 500 || answer.status === 0
      || (answer.status === 409 && answer.json.code === 'REQUEST_IN_PROGRESS');
  if (!unsettled) delete state.pending[action];
}

// Runs `work` with `button` disabled and a progress indicator; a second click meanwhile is ignored.
async function busy(button, work) {
  if (state.busy.has(button.id)) return;
  state.busy.add(button.id);
  button.disabled = true;
  button.classList.add('busy');
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    state.busy.delete(button.id);
    button.disabled = false;
    button.classList.remove('busy');
    button.removeAttribute('aria-busy');
  }
}

// Asks before a write that costs money; resolves true on Confirm. The OK button then shows the
// progress of `work` and the dialog closes when it is done.
function confirmAction(text, work) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise(resolve => {
    const ok = $('confirm-ok');
    const cancel = $('confirm-cancel');
    const done = result => {
      ok.onclick = null;
      cancel.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(result);
    };
    ok.onclick = () => busy(ok, async () => {
      cancel.disabled = true;
      try { await work(); } finally { cancel.disabled = false; done(true); }
    });
    cancel.onclick = () => done(false);
    dialog.onclose = () => { if (!state.busy.has('confirm-ok')) done(false); };
    dialog.showModal();
  });
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  $('lang').textContent = state.lang === 'en' ? 'ไทย' : 'English';
  document.querySelectorAll('[data-i18n]').forEach(el => {
    const text = t(el.dataset.i18n);
    if (typeof text === 'string') el.textContent = text;
  });
  if (!state.me) return;
  renderWho();
  if (state.status) renderStatus(state.status);
  if (state.availability) renderAvailability(state.availability);
  if (state.lastRefusal) renderRefusal(state.lastRefusal);
  else if (state.lastAnalysis) renderAnalysis(state.lastAnalysis);
  renderPlans();
  if (state.owner) renderOwner(state.owner);
  renderPeriods();
  renderStatement();
  renderReceipts();
  renderReceipt();
  // the server's sentences (alerts, recommendations, the forecast) come in the new language
  if (state.me.role === 'ADMIN') refreshAdmin(); else refreshClinic();
}

function renderWho() {
  $('who').textContent = `${state.me.name} · ${t('role')[state.me.role] || state.me.role}`;
}

async function api(method, path, body, extraHeaders) {
  const headers = { 'Authorization': 'Bearer ' + state.token, 'Accept-Language': state.lang, ...(extraHeaders || {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { status: 0, ok: false, json: { code: 'NETWORK_ERROR', message: String(e.message || e) } };
  }
  const json = await response.json().catch(() => ({}));
  return { status: response.status, ok: response.ok, json };
}

// What an error answer says for a person: a problem detail's `detail` (the resource endpoints
// answer RFC 9457 problem details) or the old endpoints' `message`.
function errorText(json) {
  return (json && (json.detail || json.message)) || '';
}

// ---- sign-in ----
// Everything a signed-in user saw: cleared on sign-out so the next user sees nothing of it.
function clearPanels() {
  Object.assign(state, { me: null, status: null, lastRefusal: null, lastScan: null, lastAnalysis: null,
    owner: null, staff: {}, plans: [], planTouched: false, pending: {}, periods: [], statement: null,
    receipts: null, receipt: null, atuTouched: false, quietTouched: false });
  if ($('confirm').open) $('confirm').close();
  if (state.chart) state.chart.destroy();
  state.chart = null;
  state.chartKey = null;
  for (const id of ['result', 'refusal-message', 'suggestion', 'accept-overage', 'plan-result', 'alerts',
    'usage', 'recommendations', 'plan-select', 'clinic-name', 'total-remaining', 'alert-level',
    'monthly-text', 'addon-text', 'overage-text', 'used-text', 'plan-text', 'reset-text',
    'forecast-clinic', 'forecast-chart', 'forecast-text', 'cache-stats', 'scan-availability',
    'forecast-need-text', 'statement-error', 'statement-period', 'statement-totals',
    'auto-top-up-state', 'pending-units', 'atu-error', 'atu-pack', 'quiet-hours-state', 'quiet-hours-error']) {
    $(id).textContent = '';
  }
  for (const id of ['statement-staff', 'receipts', 'grants', 'branches']) $(id).querySelector('tbody').textContent = '';
  $('receipt-detail').textContent = '';
  $('atu-ceiling').value = '';
  $('quiet-hours-input').value = '';
  $('refusal').hidden = true;
  $('forecast-need').hidden = true;
  state.availability = null;
  $('quick-scan').textContent = TEXT[state.lang].quickScan;
  $('clinical-scan').textContent = TEXT[state.lang].clinicalScan;
  delete $('quota-bar').dataset.totalRemaining;
  ['seg-used', 'seg-monthly', 'seg-addon', 'seg-overage'].forEach(id => $(id).style.width = '0');
  $('clinic-table').querySelector('tbody').textContent = '';
  selectedClinic = null;
}

async function showSignIn(message) {
  stopPolling();
  clearPanels();
  ['clinic-view', 'admin-view', 'sign-out'].forEach(id => $(id).hidden = true);
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-error').hidden = !message;
  $('sign-in-error').textContent = message || '';
  const list = $('demo-users');
  list.textContent = '';
  const response = await fetch('/api/demo/users');
  if (!response.ok) return;
  for (const user of await response.json()) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'user';
    button.dataset.user = user.id;
    button.textContent = `${user.name} · ${user.role}${user.clinicId ? ' · ' + user.clinicId : ''}`;
    // the admin's token is listed to the admin only: the others type it from the server's log
    button.addEventListener('click', () => user.token ? signIn(user.token) : askForToken(user));
    list.appendChild(button);
  }
}

function askForToken(user) {
  $('sign-in-error').hidden = false;
  $('sign-in-error').textContent = TEXT[state.lang].tokenNeeded(user.name);
  $('token-input').focus();
}

async function signIn(token) {
  state.token = token;
  const me = await api('GET', '/api/me');
  if (!me.ok) {
    sessionStorage.removeItem('aq.token');
    return showSignIn(errorText(me.json) || 'sign-in failed');
  }
  sessionStorage.setItem('aq.token', token);
  state.me = me.json;
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  renderWho();
  $('demo-banner').hidden = !me.json.offlineDemo;
  if (me.json.role === 'ADMIN') {
    $('admin-view').hidden = false;
    await refreshAdmin();
    startPolling(refreshAdmin);
  } else {
    $('clinic-view').hidden = false;
    $('owner-panel').hidden = me.json.role !== 'OWNER';
    $('clinic-name').textContent = me.json.clinicId;
    await loadClinicFacts();
    await refreshClinic();
    startPolling(refreshClinic);
  }
}

function startPolling(refresh) {
  stopPolling();
  state.poll = setInterval(refresh, 3000);
}

function stopPolling() {
  if (state.poll) clearInterval(state.poll);
  state.poll = null;
}

// ---- clinic view (sales and owner) ----
// What changes rarely: the clinic's name, its staff's names and (for an owner) the catalog's plans.
async function loadClinicFacts() {
  const id = encodeURIComponent(state.me.clinicId);
  const [clinics, staff, plans] = await Promise.all([
    api('GET', '/api/clinics'),
    api('GET', `/api/clinics/${id}/staff`),
    state.me.role === 'OWNER' ? api('GET', '/api/plans') : Promise.resolve({ ok: false }),
  ]);
  const mine = clinics.ok && clinics.json.find(c => c.clinicId === state.me.clinicId);
  if (mine) $('clinic-name').textContent = mine.name;
  if (staff.ok) state.staff = Object.fromEntries(staff.json.map(u => [u.id, u.name]));
  if (plans.ok) {
    state.plans = plans.json;
    renderPlans();
  }
  if (state.me.role === 'OWNER') await loadPeriods();
}

function renderPlans() {
  if (!state.plans.length) return;
  const select = $('plan-select');
  const chosen = select.value;
  select.textContent = '';
  for (const p of state.plans) {
    const option = document.createElement('option');
    option.value = p.planId;
    option.textContent = `${p.name} · ${p.unlimited ? '∞' : p.monthlyQuota + ' ' + t('units')} · ${money(p.monthlyPrice)}`;
    select.appendChild(option);
  }
  if (chosen) select.value = chosen;
}

async function refreshClinic() {
  const clinic = state.me.clinicId;
  const id = encodeURIComponent(clinic);
  const lang = state.lang;
  const [quota, quick, clinical] = await Promise.all([
    api('GET', `/api/clinics/${id}/quota`),
    api('GET', `/api/clinics/${id}/availability?operation=QUICK_SCAN`),
    api('GET', `/api/clinics/${id}/availability?operation=CLINICAL_ANALYSIS`),
  ]);
  if (quota.status === 401) return showSignIn(errorText(quota.json));
  if (!state.me || state.me.clinicId !== clinic) return;
  if (quota.ok) renderStatus(quota.json);
  if (quick.ok && clinical.ok && state.lang === lang) {
    state.availability = { quick: quick.json, clinical: clinical.json };
    renderAvailability(state.availability);
  }
  if (state.me.role === 'OWNER') await refreshOwner(clinic);
}

// What the next scan of each kind would do, as the engine answers it (GET .../availability):
// its units on the button, and under the buttons why it cannot go ahead or what overage it bills.
function renderAvailability({ quick, clinical }) {
  const texts = TEXT[state.lang];
  $('quick-scan').textContent = texts.scanLabel(false, quick.units);
  $('clinical-scan').textContent = texts.scanLabel(true, clinical.units);
  const lines = [];
  for (const [isClinical, a] of [[false, quick], [true, clinical]]) {
    if (!a.canProceed && a.message) lines.push(texts.scanRefused(isClinical, a.message));
    else if (a.willIncurCharge) lines.push(texts.scanBillsOverage(isClinical, money(a.estimatedCost)));
  }
  $('scan-availability').textContent = lines.join(' ');
}

function renderStatus(s) {
  state.status = s;
  const monthlyRemaining = Number(s.monthlyRemaining ?? 0);
  const used = Number(s.currentUsage);
  const addon = Number(s.addonBalance);
  const overage = Number(s.overageUnits);
  const total = Math.max(used + monthlyRemaining + addon + overage, 1);
  const width = v => `${(100 * v / total).toFixed(2)}%`;
  $('seg-used').style.width = width(used);
  $('seg-monthly').style.width = width(monthlyRemaining);
  $('seg-addon').style.width = width(addon);
  $('seg-overage').style.width = width(overage);
  $('quota-bar').dataset.totalRemaining = s.unlimited ? 'unlimited' : String(s.totalRemaining);
  $('total-remaining').textContent = s.unlimited ? '∞' : `${s.totalRemaining} ${t('units')} (${s.percentRemaining}%)`;
  $('monthly-text').textContent = s.unlimited ? '∞' : `${monthlyRemaining} / ${s.monthlyQuota}`;
  $('addon-text').textContent = String(addon);
  $('overage-text').textContent = `${overage} (${money(s.overageBalance)})`;
  $('used-text').textContent = String(used);
  $('plan-text').textContent = `${s.plan} · ${s.overagePolicy}`;
  if (!state.planTouched && state.plans.some(p => p.planId === s.plan)) $('plan-select').value = s.plan;
  $('reset-text').textContent = dateTime(s.resetDate);
  const badge = $('alert-level');
  badge.textContent = s.alertLevel ? t('level')[s.alertLevel] : '';
  badge.className = 'alert-badge ' + (s.alertLevel || '').toLowerCase();
  renderGrants(s);
}

function metrics() {
  const number = id => Number($(id).value);
  return {
    facialAsymmetry: number('m-asym'),
    skinTexture: number('m-texture'),
    volumeLoss: $('m-volume').value.split(',').map(v => v.trim()).filter(v => v !== '').map(Number),
    wrinkleDepth: number('m-wrinkle'),
    poreSize: number('m-pore'),
  };
}

async function scan(useProModel, acceptOverageCharge) {
  const button = acceptOverageCharge ? $('accept-overage') : $(useProModel ? 'clinical-scan' : 'quick-scan');
  if (acceptOverageCharge) {
    const cost = state.lastRefusal ? money(state.lastRefusal.estimatedCost) : '';
    return confirmAction(TEXT[state.lang].confirmOverage(cost), () => runScan(useProModel, true));
  }
  return busy(button, () => runScan(useProModel, false));
}

async function runScan(useProModel, acceptOverageCharge) {
  const body = {
    customerInfo: { name: $('customer-name').value },
    facialMetrics: metrics(),
    clinicId: state.me.clinicId,
    useProModel,
    acceptOverageCharge: !!acceptOverageCharge,
  };
  const customerId = $('customer-id').value.trim();
  if (customerId) body.customerId = customerId;
  state.lastScan = { useProModel };
  const action = 'scan';
  const answer = await api('POST', '/api/ai/analyze', body, { 'Idempotency-Key': keyFor(action, body) });
  settle(action, answer);
  if (answer.ok) {
    state.lastRefusal = null;
    state.lastAnalysis = answer.json;
    $('refusal').hidden = true;
    renderAnalysis(answer.json);
  } else if (answer.status === 403 && answer.json.quotaExceeded) {
    state.lastRefusal = answer.json;
    state.lastAnalysis = null;
    renderRefusal(answer.json);
  } else {
    $('result').textContent = `${answer.status} ${answer.json.code || ''}: ${errorText(answer.json)}`;
  }
  await refreshClinic();
}

function renderAnalysis(a) {
  const result = $('result');
  result.textContent = '';
  const head = document.createElement('p');
  const info = a.quotaInfo;
  head.textContent = `${t('score')} ${a.analysis.overallScore} · ${t('model')} ${a.modelUsed} · ` +
      (info.free ? t('free') : `${t('consumed')} ${info.consumed} ${t('units')}`);
  head.className = 'analysis-head';
  result.appendChild(head);
  const summary = document.createElement('p');
  summary.className = 'analysis-summary';
  summary.textContent = `${t('summary')}: ${a.analysis.summary}`;
  result.appendChild(summary);
  if (a.offlineDemo) {
    const label = document.createElement('p');
    label.className = 'demo-label';
    label.textContent = t('demoBanner');
    result.appendChild(label);
  }
  const list = document.createElement('ul');
  for (const r of a.analysis.recommendations) {
    const item = document.createElement('li');
    item.textContent = `${r.treatment} (${t('priority')[r.priority] || r.priority}): ${r.reason}`;
    list.appendChild(item);
  }
  result.appendChild(list);
}

function renderRefusal(r) {
  $('result').textContent = '';
  $('refusal').hidden = false;
  $('refusal-message').textContent = state.lang === 'th' ? r.message : (r.messageEnglish || r.message);
  const accept = $('accept-overage');
  accept.hidden = !r.willIncurCharge;
  accept.textContent = TEXT[state.lang].acceptOverage(money(r.estimatedCost));
  const s = r.topUpSuggestion;
  $('buy-more').hidden = !s;
  $('suggestion').textContent = s ? TEXT[state.lang].suggestion(t('scanCount')(Number(s.scanCount)), money(s.price)) : '';
}

// Buys the engine's suggestion for the last refusal: the server quotes it (price and the exact
// body to send), the user confirms, and the purchase is sent under one key for this action.
async function buyMore() {
  const suggestion = state.lastRefusal && state.lastRefusal.topUpSuggestion;
  if (!suggestion) return;
  return buy(suggestion.scanCount, $('buy-more'));
}

// Buys the forecast need's suggestion, in the same steps as buyMore.
async function buyForecast() {
  const f = state.owner && state.owner.forecast && state.owner.forecast.ok ? state.owner.forecast.json : null;
  if (!f || !f.topUpSuggestion) return;
  return buy(f.projectedShortfall, $('buy-forecast'));
}

async function buy(need, button) {
  const clinic = encodeURIComponent(state.me.clinicId);
  const quote = await busy(button, () =>
      api('GET', `/api/clinics/${clinic}/topups/quote?need=${encodeURIComponent(need)}`));
  if (!quote) return;
  if (!quote.ok) {
    $('result').textContent = `${quote.status} ${quote.json.code}: ${errorText(quote.json)}`;
    return;
  }
  const offer = quote.json;
  const text = TEXT[state.lang].confirmBuy(t('scanCount')(Number(offer.scanCount)), money(offer.price));
  await confirmAction(text, async () => {
    const action = 'topup';
    const bought = await api('POST', `/api/clinics/${clinic}/topups`, offer.buy,
        { 'Idempotency-Key': keyFor(action, offer.buy) });
    settle(action, bought);
    if (bought.ok) {
      state.lastRefusal = null;
      $('refusal').hidden = true;
      $('result').textContent = TEXT[state.lang].bought(t('scanCount')(Number(bought.json.scanCount)), money(bought.json.totalCost));
    } else {
      $('result').textContent = `${bought.status} ${bought.json.code}: ${errorText(bought.json)}`;
    }
    await refreshClinic();
  });
}

// ---- the statement (owner) ----
// The clinic's periods, newest first, for the period selector; the selection is kept if it is
// still listed.
async function loadPeriods() {
  const clinic = state.me && state.me.clinicId;
  if (!clinic) return;
  const periods = await api('GET', `/api/clinics/${encodeURIComponent(clinic)}/statement/periods`);
  if (!state.me || state.me.clinicId !== clinic || !periods.ok) return;
  const chosen = $('statement-period').value;
  state.periods = periods.json;
  renderPeriods();
  if (chosen && state.periods.some(p => p.period === chosen)) $('statement-period').value = chosen;
  await loadStatement();
}

// Each period as its month in the chosen language ("November 2026", "พฤศจิกายน 2569").
function renderPeriods() {
  const select = $('statement-period');
  const chosen = select.value;
  select.textContent = '';
  const zone = state.status ? state.status.zone : undefined;
  for (const p of state.periods) {
    const option = document.createElement('option');
    option.value = p.period;
    // the middle of the period's first day names its month in any zone
    const month = new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: zone })
        .format(new Date(Date.parse(p.start) + 12 * 3600 * 1000));
    option.textContent = p.current ? `${month} (${t('currentPeriod')})` : month;
    select.appendChild(option);
  }
  if (chosen && state.periods.some(p => p.period === chosen)) select.value = chosen;
}

// The selected period's statement (JSON): its totals and its usage by staff member, by name.
async function loadStatement() {
  const clinic = state.me && state.me.clinicId;
  const period = $('statement-period').value;
  if (!clinic || !period) return;
  const answer = await api('GET', `/api/clinics/${encodeURIComponent(clinic)}/statement.json?period=${encodeURIComponent(period)}`);
  if (!state.me || state.me.clinicId !== clinic || $('statement-period').value !== period) return;
  if (!answer.ok) {
    $('statement-error').textContent = errorText(answer.json) || String(answer.status);
    return;
  }
  state.statement = answer.json;
  renderStatement();
  await loadReceipts(clinic, period);
}

// ---- receipts and packs (owner) ----
// The receipts of the selected period, oldest first, each row opening its receipt.
async function loadReceipts(clinic, period) {
  const answer = await api('GET', `/api/clinics/${encodeURIComponent(clinic)}/receipts?period=${encodeURIComponent(period)}`);
  if (!state.me || state.me.clinicId !== clinic || $('statement-period').value !== period) return;
  if (!answer.ok) {
    $('statement-error').textContent = errorText(answer.json) || String(answer.status);
    return;
  }
  state.receipts = answer.json;
  renderReceipts();
}

// Units with up to three decimals, as the engine counts them (0.2, 99.8, 0.125).
function unitsText(v) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 3 }).format(v);
}

function tableRow(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    td.textContent = cell;
    tr.appendChild(td);
  }
  return tr;
}

function packUnits(r) {
  return r.grants.reduce((sum, g) => sum + Number(g.units), 0);
}

function renderReceipts() {
  const body = $('receipts').querySelector('tbody');
  body.textContent = '';
  if (!state.receipts) return;
  const texts = TEXT[state.lang];
  for (const r of state.receipts) {
    const tr = tableRow([dateTime(r.at), texts.operation[r.operation] || r.operation,
      state.staff[r.user] || r.userName || '', `${unitsText(Number(r.monthlyUnits))} / ${unitsText(packUnits(r))}`
        + ` / ${unitsText(Number(r.overageUnits))}`, money(amountOf(r.overageCost)),
      r.exemption === 'REPEAT_WITHIN_24H' ? texts.yes : texts.no]);
    tr.className = 'receipt-row';
    tr.dataset.key = r.key;
    tr.tabIndex = 0;
    tr.addEventListener('click', () => openReceipt(r.key));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter') openReceipt(r.key); });
    body.appendChild(tr);
  }
  if (!state.receipts.length) {
    const tr = tableRow([texts.noReceipts]);
    tr.firstChild.colSpan = 6;
    body.appendChild(tr);
  }
}

// One receipt, read again from the server by its key: the month, each pack and the overage that
// paid, the money, the plan and the model.
async function openReceipt(key) {
  const clinic = state.me && state.me.clinicId;
  if (!clinic) return;
  const answer = await api('GET', `/api/clinics/${encodeURIComponent(clinic)}/receipts/${encodeURIComponent(key)}`);
  if (!state.me || state.me.clinicId !== clinic) return;
  if (!answer.ok) {
    $('receipt-detail').textContent = errorText(answer.json) || String(answer.status);
    return;
  }
  state.receipt = answer.json;
  renderReceipt();
}

function renderReceipt() {
  const box = $('receipt-detail');
  box.textContent = '';
  const r = state.receipt;
  if (!r) return;
  const texts = TEXT[state.lang];
  const lines = [texts.receiptHeading(r.key, dateTime(r.at)),
    `${texts.operation[r.operation] || r.operation} · ${state.staff[r.user] || r.userName || ''} · ${money(amountOf(r.overageCost))}`,
    texts.receiptSplit(unitsText(Number(r.monthlyUnits)), unitsText(packUnits(r)), unitsText(Number(r.overageUnits))),
    ...r.grants.map(g => texts.receiptPaidBy(g.pack || texts.byCountPack, unitsText(Number(g.units)))),
    texts.receiptFacts(r.plan || '', r.overagePrice ? money(amountOf(r.overagePrice)) : '—', r.model || '—')];
  if (Number(r.waived) > 0) lines.push(texts.receiptWaived(unitsText(Number(r.waived))));
  if (Number(r.reversed) > 0) lines.push(texts.receiptReversed(unitsText(Number(r.reversed)), money(amountOf(r.credited))));
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    box.appendChild(p);
  }
  const left = Number(r.units) - Number(r.reversed || 0);
  if (r.billed && left > 0) {
    const button = document.createElement('button');
    button.id = 'refund-charge';
    button.textContent = texts.refundCharge;
    button.addEventListener('click', () => refundCharge(r, left));
    box.appendChild(button);
  }
}

// Gives back what a charge has left, after the owner confirms, under one key for this action:
// a double click or a retry refunds once.
async function refundCharge(r, left) {
  const clinic = encodeURIComponent(state.me.clinicId);
  const texts = TEXT[state.lang];
  await confirmAction(texts.confirmRefund(unitsText(left), r.key), async () => {
    const action = 'refund:' + r.key;
    const body = { kind: 'REFUND' };
    const answer = await api('POST', `/api/clinics/${clinic}/receipts/${encodeURIComponent(r.key)}/reversals`,
        body, { 'Idempotency-Key': keyFor(action, { key: r.key, reversed: r.reversed }) });
    settle(action, answer);
    $('receipt-detail').dataset.result = answer.ok ? 'refunded' : 'refused';
    $('result').textContent = answer.ok ? texts.refunded(unitsText(Number(answer.json.units)))
        : `${answer.status} ${answer.json.code}: ${errorText(answer.json)}`;
    await refreshClinic();
    await openReceipt(r.key);
  });
}

// Voids a pack after the owner confirms, under one key for this action.
async function voidPack(g) {
  const clinic = encodeURIComponent(state.me.clinicId);
  const texts = TEXT[state.lang];
  const name = g.pack || texts.byCountPack;
  await confirmAction(texts.confirmVoid(name, unitsText(Number(g.remaining))), async () => {
    const action = 'void:' + g.grantId;
    const answer = await api('POST', `/api/clinics/${clinic}/grants/${encodeURIComponent(g.grantId)}/void`,
        {}, { 'Idempotency-Key': keyFor(action, { grant: g.grantId }) });
    settle(action, answer);
    $('result').textContent = answer.ok
        ? texts.voided(unitsText(Number(answer.json.units)), money(amountOf(answer.json.refund && answer.json.refund.amount)))
        : `${answer.status} ${answer.json.code}: ${errorText(answer.json)}`;
    await refreshClinic();
  });
}

// Each grant of the status: its pack, what is left of what it bought, what pending scans hold,
// and its expiry.
function renderGrants(s) {
  const body = $('grants').querySelector('tbody');
  body.textContent = '';
  const texts = TEXT[state.lang];
  const grants = (s && s.grants) || [];
  for (const g of grants) {
    const tr = tableRow([g.pack || texts.byCountPack,
      texts.remainingOf(unitsText(Number(g.remaining)), unitsText(Number(g.bought))),
      unitsText(Number(g.reserved)), g.expiresAt ? dateTime(g.expiresAt) : texts.neverExpires, '']);
    if (Number(g.remaining) > 0 && Number(g.reserved) === 0) {
      const button = document.createElement('button');
      button.className = 'void-pack';
      button.textContent = texts.voidPack;
      button.addEventListener('click', () => voidPack(g));
      tr.lastChild.appendChild(button);
    }
    body.appendChild(tr);
  }
  if (!grants.length) {
    const tr = tableRow([texts.noGrants]);
    tr.firstChild.colSpan = 5;
    body.appendChild(tr);
  }
}

// The library writes money as "THB 60.00" and units as "0.200".
function amountOf(text) {
  return text ? text.slice(text.indexOf(' ') + 1) : '0';
}

function renderStatement() {
  const body = $('statement-staff').querySelector('tbody');
  body.textContent = '';
  const s = state.statement;
  if (!s) {
    $('statement-totals').textContent = '';
    return;
  }
  const texts = TEXT[state.lang];
  $('statement-totals').textContent = texts.statementTotals(money(amountOf(s.totals.charged)),
      money(amountOf(s.totals.credited)), money(amountOf(s.totals.net)), s.totals.netCredit);
  const rows = Object.entries(s.summary.byUser).map(([user, row]) =>
      [state.staff[user] || s.staffNames[user] || user, row]);
  if (s.summary.withoutUser.count > 0) rows.push([texts.noStaff, s.summary.withoutUser]);
  for (const [name, row] of rows) {
    const tr = document.createElement('tr');
    for (const cell of [name, String(row.count), formatUnits(Number(row.units)),
      money(amountOf(row.overage)), String(row.repeatsWaived.count)]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  if (!rows.length) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 5;
    td.textContent = texts.noUsage;
    tr.appendChild(td);
    body.appendChild(tr);
  }
}

// Downloads the selected period's statement of the owner's clinic, as CSV or JSON, under the name
// the server gives it. The API takes a bearer token, which a plain link cannot send, so the file
// is fetched and handed to the browser as a blob.
async function downloadStatement(format) {
  const button = $(format === 'json' ? 'download-statement-json' : 'download-statement');
  await busy(button, async () => {
    $('statement-error').textContent = '';
    const clinic = state.me && state.me.clinicId;
    if (!clinic) return;
    const period = $('statement-period').value;
    const query = period ? `?period=${encodeURIComponent(period)}` : '';
    let response;
    try {
      response = await fetch(`/api/clinics/${encodeURIComponent(clinic)}/statement.${format}${query}`, {
        headers: { 'Authorization': 'Bearer ' + state.token, 'Accept-Language': state.lang,
          'Accept': format === 'json' ? 'application/json' : 'text/csv, application/problem+json' },
      });
    } catch (e) {
      $('statement-error').textContent = String(e.message || e);
      return;
    }
    if (!response.ok) {
      const json = await response.json().catch(() => ({}));
      $('statement-error').textContent = errorText(json) || String(response.status);
      return;
    }
    const blob = await response.blob();
    const disposition = response.headers.get('Content-Disposition') || '';
    const named = /filename="([^"]+)"/.exec(disposition);
    const month = period || (state.periods[0] && state.periods[0].period) || 'current';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = named ? named[1] : `statement-${clinic}-${month}.${format}`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  });
}

async function refreshOwner(clinic) {
  const id = encodeURIComponent(clinic);
  const lang = state.lang;
  const [alerts, usage, recs, forecast, autoTopUp, branches, quiet] = await Promise.all([
    api('GET', `/api/clinics/${id}/alerts`),
    api('GET', `/api/clinics/${id}/usage`),
    api('GET', `/api/clinics/${id}/recommendations`),
    api('GET', `/api/clinics/${id}/forecast`),
    api('GET', `/api/clinics/${id}/auto-top-up`),
    api('GET', `/api/clinics/${id}/branches`),
    api('GET', `/api/clinics/${id}/quiet-hours`),
  ]);
  // an answer that arrives after a sign-out, or for the language before a switch, is dropped
  if (!state.me || state.me.clinicId !== clinic || state.lang !== lang) return;
  state.owner = { alerts, usage, recs, forecast, autoTopUp, branches, quiet };
  renderOwner(state.owner);
  // the current period's statement changes with every scan; a past one does not
  const selected = state.periods.find(p => p.period === $('statement-period').value);
  if (selected && selected.current) await loadStatement();
}

// The forecast need: the units projected to the period's end beyond what remains, and the
// engine's smallest top-up that covers them with its price (the server's topUpSuggestion).
function renderForecastNeed(forecast) {
  const s = forecast && forecast.ok ? forecast.json.topUpSuggestion : null;
  $('forecast-need').hidden = !s;
  if (!s) {
    $('forecast-need-text').textContent = '';
    return;
  }
  const texts = TEXT[state.lang];
  const count = Number(s.scanCount);
  const offer = s.pack ? texts.namedPack(count) : texts.byCount(count);
  $('forecast-need-text').textContent = texts.forecastNeed(formatUnits(Number(forecast.json.projectedShortfall)),
      formatDay(dayOf(forecast.json.resetDate), true), offer, money(s.price));
}

// The clinic's auto top-up and the units pending apart from the settled balances (held by open
// reservations, awaiting an auto top-up payment), as GET .../auto-top-up answers them.
function renderAutoTopUp(answer) {
  if (!answer || !answer.ok) return;
  const a = answer.json;
  const texts = TEXT[state.lang];
  const select = $('atu-pack');
  const chosen = select.value || a.pack || (a.packs[0] && a.packs[0].name) || '';
  select.textContent = '';
  for (const p of a.packs) {
    const option = document.createElement('option');
    option.value = p.name;
    option.textContent = `${p.name} · ${formatUnits(Number(p.units))} ${t('units')} · ${money(p.price)}`;
    select.appendChild(option);
  }
  select.value = chosen;
  if (a.configured && !state.atuTouched) {
    if (a.thresholdUnits != null) $('atu-threshold').value = a.thresholdUnits;
    $('atu-ceiling').value = a.monthlyCeiling;
  }
  const lines = [];
  if (!a.configured) lines.push(texts.atuNotSet);
  else if (a.enabled) {
    const what = a.pack || `${a.units} ${t('units')}`;
    const threshold = a.thresholdUnits != null ? `${formatUnits(Number(a.thresholdUnits))} ${t('units')}` : `${a.thresholdPercent}%`;
    lines.push(texts.atuOn(threshold, what, money(a.monthlyCeiling), money(a.spentThisPeriod)));
  } else lines.push(texts.atuOffState(a.disabledReason));
  if (a.ceilingReached) lines.push(texts.atuCeilingReached);
  if (a.openPayment) {
    lines.push(texts.atuPayment(a.openPayment.state, formatUnits(Number(a.openPayment.units)), money(a.openPayment.amount)));
  }
  $('auto-top-up-state').textContent = lines.join(' ');
  const p = a.pending;
  $('pending-units').textContent = texts.pendingUnits(formatUnits(Number(p.reservedMonthly)),
      formatUnits(Number(p.reservedAddon)), formatUnits(Number(p.reservedOverage)), formatUnits(Number(p.awaitingPayment)));
}

// Turns auto top-up on with the form's settings, or off; one key per action until it settles.
async function saveAutoTopUp(on) {
  if (!state.me) return;
  const clinic = encodeURIComponent(state.me.clinicId);
  const button = on ? $('atu-save') : $('atu-off');
  const action = on ? 'auto-top-up' : 'auto-top-up-off';
  const body = on ? { thresholdUnits: $('atu-threshold').value === '' ? null : Number($('atu-threshold').value),
    pack: $('atu-pack').value || null, monthlyCeiling: $('atu-ceiling').value === '' ? null : Number($('atu-ceiling').value) } : undefined;
  const answer = await busy(button, () => api(on ? 'PUT' : 'DELETE', `/api/clinics/${clinic}/auto-top-up`, body,
      { 'Idempotency-Key': keyFor(action, body === undefined ? {} : body) }));
  if (!answer) return;
  settle(action, answer);
  $('atu-error').textContent = answer.ok ? '' : `${answer.json.code}: ${errorText(answer.json)}`;
  if (answer.ok) {
    state.atuTouched = false;
    if (state.owner) state.owner.autoTopUp = answer;
    renderAutoTopUp(answer);
  }
}

// The clinic's quiet hours as stored (GET .../quiet-hours): the hours, in the clinic's zone, in
// which warnings and recoveries wait until the clinic opens. The field keeps what the owner is
// typing until it is saved.
function renderQuietHours(answer) {
  if (!answer || !answer.ok) return;
  const q = answer.json;
  const texts = TEXT[state.lang];
  $('quiet-hours-state').textContent = q.quietHours ? texts.quietSet(q.quietHours, q.zone) : texts.quietNone;
  if (!state.quietTouched) $('quiet-hours-input').value = q.quietHours || '';
}

// Saves the field's hours (empty removes them) once the owner confirms; a refusal names the field.
async function saveQuietHours() {
  if (!state.me) return;
  const clinic = encodeURIComponent(state.me.clinicId);
  const hours = $('quiet-hours-input').value.trim();
  const texts = TEXT[state.lang];
  $('quiet-hours-error').textContent = '';
  await confirmAction(hours ? texts.confirmQuiet(hours) : texts.confirmQuietClear, async () => {
    const answer = await api('PUT', `/api/clinics/${clinic}/quiet-hours`, { quietHours: hours === '' ? null : hours });
    $('quiet-hours-error').textContent = answer.ok ? '' : `${answer.json.code}: ${errorText(answer.json)}`;
    if (answer.ok) {
      state.quietTouched = false;
      if (state.owner) state.owner.quiet = answer;
      renderQuietHours(answer);
    }
  });
}

// Each branch with its budget, what its staff used and hold this period, what is left and the
// day its budget runs out at its pace; each staff member on a row of their own under it.
function renderBranches(branches) {
  const body = $('branches').querySelector('tbody');
  body.textContent = '';
  const texts = TEXT[state.lang];
  const list = branches && branches.ok ? branches.json : [];
  const budgetText = v => v === null ? texts.noBudget : unitsText(Number(v));
  for (const b of list) {
    const runsOut = b.monthlyBudget === null ? '' : b.insufficientData ? texts.tooLittleData
      : b.budgetRunsOut ? formatDay(dayOf(b.budgetRunsOut), true) : texts.notBeforeEnd;
    const tr = tableRow([b.name, budgetText(b.monthlyBudget), unitsText(Number(b.used)),
      b.remaining === null ? '' : unitsText(Number(b.remaining)), runsOut]);
    tr.className = 'branch';
    tr.dataset.branch = b.branchId;
    body.appendChild(tr);
    for (const m of b.staff) {
      const row = tableRow(['· ' + m.name, budgetText(m.monthlyBudget), unitsText(Number(m.used)),
        m.remaining === null ? '' : unitsText(Number(m.remaining)), '']);
      row.className = 'staff';
      body.appendChild(row);
    }
  }
  if (!list.length) {
    const tr = tableRow([texts.noBranches]);
    tr.firstChild.colSpan = 5;
    body.appendChild(tr);
  }
}

function renderOwner({ alerts, usage, recs, forecast, autoTopUp, branches, quiet }) {
  renderForecastNeed(forecast);
  renderQuietHours(quiet);
  renderAutoTopUp(autoTopUp);
  renderBranches(branches);
  const list = $('alerts');
  list.textContent = '';
  if (alerts.ok) {
    for (const a of alerts.json.alerts) {
      const item = document.createElement('li');
      item.className = a.level.toLowerCase();
      item.textContent = `${dateTime(a.at)} · ${t('level')[a.level] || a.level} · ${a.message || `${a.remaining} ${t('units')}`}`;
      list.appendChild(item);
    }
    if (!alerts.json.alerts.length) list.textContent = t('noAlerts');
  }
  if (usage.ok) {
    const u = usage.json;
    const users = Object.entries(u.byUser).map(([user, tally]) =>
        `${state.staff[user] || user}: ${tally.count} ${t('scans')} / ${tally.units} ${t('units')}`);
    $('usage').textContent = [`${u.totalScans} ${t('scans')}, ${u.totalUnits} ${t('units')}`,
      `${t('free')}: ${u.freeRepeatScans.count}`, ...users].join(' · ');
  }
  const recList = $('recommendations');
  recList.textContent = '';
  if (recs.ok) {
    for (const r of recs.json) {
      const item = document.createElement('li');
      item.textContent = r.message;
      recList.appendChild(item);
    }
    if (!recs.json.length) recList.textContent = t('noRecommendations');
  }
}

// A plan change: the server quotes what it would bill now (the library's proration), the owner
// confirms, and the change is sent under one key for this action.
async function changePlan(event) {
  event.preventDefault();
  const clinic = encodeURIComponent(state.me.clinicId);
  const planId = $('plan-select').value;
  if (state.status && planId === state.status.plan) {
    $('plan-result').textContent = t('samePlan');
    return;
  }
  const quote = await busy($('change-plan'), () =>
      api('GET', `/api/clinics/${clinic}/plan/quote?planId=${encodeURIComponent(planId)}`));
  if (!quote) return;
  if (!quote.ok) {
    $('plan-result').textContent = `${quote.json.code}: ${errorText(quote.json)}`;
    return;
  }
  const q = quote.json;
  const zone = state.status ? state.status.zone : undefined;
  const month = new Date(q.effectiveAt).toLocaleString(locale(), { month: 'long', timeZone: zone });
  const day = new Date(q.effectiveAt).toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone });
  const name = q.toName || q.to;
  const texts = TEXT[state.lang];
  const text = !q.immediate ? texts.confirmPlanLater(name, day)
      : Number(q.proratedCharge) > 0 ? texts.confirmPlanNow(name, money(q.proratedCharge), month)
      : Number(q.proratedCredit) > 0 ? texts.confirmPlanCredit(name, money(q.proratedCredit), month)
      : texts.confirmPlanFree(name);
  await confirmAction(text, async () => {
    const action = 'plan';
    const body = { planId };
    const changed = await api('PUT', `/api/clinics/${clinic}/plan`, body, { 'Idempotency-Key': keyFor(action, body) });
    settle(action, changed);
    if (changed.ok) state.planTouched = false;
    $('plan-result').textContent = changed.ok
        ? texts.planChanged(name, new Date(changed.json.effectiveAt).toLocaleDateString(locale(), { timeZone: zone }))
        : `${changed.json.code}: ${errorText(changed.json)}`;
    await refreshClinic();
  });
}

// ---- admin view ----
let selectedClinic = null;

async function refreshAdmin() {
  const clinics = await api('GET', '/api/clinics');
  if (clinics.status === 401) return showSignIn(errorText(clinics.json));
  if (!selectedClinic && clinics.json.length) {
    // start with the clinic closest to running out
    const limited = clinics.json.filter(c => !c.unlimited);
    const pick = (limited.length ? limited : clinics.json)
        .reduce((a, b) => Number(b.percentRemaining) < Number(a.percentRemaining) ? b : a);
    selectedClinic = pick.clinicId;
  }
  const body = $('clinic-table').querySelector('tbody');
  body.textContent = '';
  for (const c of clinics.json) {
    const row = document.createElement('tr');
    row.dataset.clinic = c.clinicId;
    row.className = (c.alertLevel || '').toLowerCase() + (c.clinicId === selectedClinic ? ' selected' : '');
    for (const cell of [c.name, c.plan, c.unlimited ? '∞' : c.totalRemaining, c.percentRemaining,
        c.alertLevel ? t('level')[c.alertLevel] : '—']) {
      const td = document.createElement('td');
      td.textContent = String(cell);
      row.appendChild(td);
    }
    row.addEventListener('click', () => { selectedClinic = c.clinicId; refreshAdmin(); });
    body.appendChild(row);
  }
  const selected = clinics.json.find(c => c.clinicId === selectedClinic);
  if (selected) await renderForecast(selected);
  const quota = await api('GET', '/actuator/quota');
  if (quota.ok) $('cache-stats').textContent = TEXT[state.lang].cache(cacheCounts(quota.json.caches));
}

// The read caches of the Actuator endpoint `quota` added together: hits, misses and entries since
// the last reset, and the hit rate in percent to one decimal (0 before the first read).
function cacheCounts(caches) {
  const all = [caches.status, caches.usageStats, caches.recommendations];
  const sum = name => all.reduce((total, c) => total + Number(c[name]), 0);
  const hits = sum('hits'), misses = sum('misses');
  const hitRate = hits + misses === 0 ? 0 : Math.floor(hits * 1000 / (hits + misses)) / 10;
  return { hits, misses, cacheSize: sum('size'), hitRate };
}

// The forecast as a uPlot chart (served from its webjar): cumulative use this period, actual
// (solid, with a point for each day, so a single day of data shows) and projected (dashed), the
// monthly allowance and allowance + add-on as flat lines; axes with units and dates; the legend
// shows each series' colour and, on hover, its value that day. The y axis stops at three times
// the allowance (or actual use) so a large projection never squashes the allowance line; the
// legend still gives the projected value. The run-out date stays a sentence under the chart.
const CHART = { monthly: '#2e7d32', addon: '#1565c0', actual: '#263238', projected: '#e65100' };

function dayOf(date) {
  return Date.parse(date + 'T00:00:00Z') / 1000;
}

function formatDay(seconds, long) {
  return new Intl.DateTimeFormat(locale(), long
      ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(seconds * 1000));
}

function formatUnits(v) {
  return v == null ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v);
}

function forecastSeries(data, status) {
  const today = data.asOf.slice(0, 10);
  const allowance = status.unlimited ? null : Number(status.monthlyQuota);
  const addon = Number(data.addonBalance || 0);
  let cumActual = 0, cumProjected = 0;
  const days = [], actual = [], projected = [], monthly = [], withAddon = [];
  for (const d of data.series) {
    cumActual += Number(d.actual);
    cumProjected = Math.max(cumProjected, cumActual) + Number(d.projected);
    days.push(dayOf(d.date));
    actual.push(d.date <= today ? cumActual : null);
    projected.push(cumProjected);
    monthly.push(allowance);
    withAddon.push(allowance != null && addon > 0 ? allowance + addon : null);
  }
  return { rows: [days, actual, projected, monthly, withAddon], allowance, addon };
}

async function renderForecast(status) {
  const clinic = status.clinicId;
  const lang = state.lang;
  const f = await api('GET', `/api/clinics/${encodeURIComponent(clinic)}/forecast`);
  // an answer in the language before a switch is dropped: the switch asked for the new one
  if (!f.ok || state.lang !== lang) return;
  const data = f.json;
  $('forecast-clinic').textContent = '· ' + clinic;
  const { rows, allowance, addon } = forecastSeries(data, status);
  const host = $('forecast-chart');
  const top = Math.max(allowance || 0, allowance != null ? allowance + addon : 0, 1,
      ...rows[1].filter(v => v != null));
  const yMax = Math.min(Math.max(...rows[2], top), top * 3) * 1.08;
  const key = [clinic, state.lang, rows[0].length, allowance, addon].join('|');
  if (state.chart && state.chartKey === key && host.contains(state.chart.root)) {
    state.chart.setScale('y', { min: 0, max: yMax });
    state.chart.setData(rows, false);
    state.chart.setScale('x', { min: rows[0][0], max: rows[0][rows[0].length - 1] });
  } else {
    if (state.chart) state.chart.destroy();
    host.textContent = '';
    const texts = TEXT[state.lang];
    // axis values are drawn on the canvas; the ticks of the last draw are also kept on the host
    const ticks = (name, format) => (u, splits) => {
      const values = splits.map(format);
      host.dataset[name] = values.join('|');
      return values;
    };
    const opts = {
      width: Math.max(host.clientWidth || 640, 280),
      height: 280,
      scales: { x: { time: true }, y: { range: () => [0, state.chartYMax] } },
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
      axes: [
        { label: texts.chartDate, values: ticks('xTicks', v => formatDay(v, false)), grid: { stroke: '#eceff1' } },
        { label: texts.chartUnits, values: ticks('yTicks', v => formatUnits(v)), size: 56, grid: { stroke: '#eceff1' } },
      ],
      series: [
        { label: texts.chartDate, value: (u, v) => v == null ? '—' : formatDay(v, true) },
        { label: t('actual'), stroke: CHART.actual, width: 2.5, value: (u, v) => formatUnits(v),
          points: { show: true, size: 6, fill: CHART.actual } },
        { label: t('projected'), stroke: CHART.projected, width: 2, dash: [8, 5],
          value: (u, v) => formatUnits(v), points: { show: false } },
        { label: t('allowance'), stroke: CHART.monthly, width: 1.5, dash: [3, 3],
          value: (u, v) => formatUnits(v), points: { show: false }, show: allowance != null },
        { label: texts.chartAddon, stroke: CHART.addon, width: 1.5, dash: [1, 4],
          value: (u, v) => formatUnits(v), points: { show: false }, show: allowance != null && addon > 0 },
      ],
      legend: { live: true },
      cursor: { points: { size: 8 } },
    };
    state.chartYMax = yMax;
    state.chart = new uPlot(opts, rows, host);
    state.chartKey = key;
  }
  state.chartYMax = yMax;
  host.setAttribute('aria-label', `${t('forecastTitle')}: ${TEXT[state.lang].dailyRate(data.dailyRate)}`);
  // the server's sentence, in the chosen language; the app's own only from a server without one
  $('forecast-text').textContent = data.message ? data.message +
      (Math.max(...rows[2]) * 1.08 > yMax ? ' ' + TEXT[state.lang].projectedBeyond(formatUnits(Math.max(...rows[2]))) : '')
      : `${TEXT[state.lang].dailyRate(data.dailyRate)} ` +
      (data.monthlyRunsOut ? TEXT[state.lang].runsOut(formatDay(dayOf(data.monthlyRunsOut), true))
          : t('notBeforeReset')) +
      (Math.max(...rows[2]) * 1.08 > yMax ? ' ' + TEXT[state.lang].projectedBeyond(formatUnits(Math.max(...rows[2]))) : '');
}

// ---- wiring ----
window.addEventListener('resize', () => {
  const host = $('forecast-chart');
  if (state.chart) state.chart.setSize({ width: Math.max(host.clientWidth, 280), height: 280 });
});
$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'en' ? 'th' : 'en';
  localStorage.setItem('aq.lang', state.lang);
  applyLanguage();
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem('aq.token');
  state.token = null;
  showSignIn();
});
$('token-form').addEventListener('submit', e => { e.preventDefault(); signIn($('token-input').value.trim()); });
$('quick-scan').addEventListener('click', () => scan(false));
$('clinical-scan').addEventListener('click', () => scan(true));
$('buy-more').addEventListener('click', buyMore);
$('buy-forecast').addEventListener('click', buyForecast);
$('atu-save').addEventListener('click', () => saveAutoTopUp(true));
$('quiet-hours-save').addEventListener('click', saveQuietHours);
$('quiet-hours-input').addEventListener('input', () => { state.quietTouched = true; });
$('atu-off').addEventListener('click', () => saveAutoTopUp(false));
for (const id of ['atu-threshold', 'atu-ceiling', 'atu-pack']) {
  $(id).addEventListener('input', () => { state.atuTouched = true; });
}
$('download-statement').addEventListener('click', () => downloadStatement('csv'));
$('download-statement-json').addEventListener('click', () => downloadStatement('json'));
$('statement-period').addEventListener('change', () => {
  $('statement-error').textContent = '';
  state.statement = null;
  state.receipts = null;
  state.receipt = null;
  renderStatement();
  renderReceipts();
  renderReceipt();
  loadStatement();
});
$('accept-overage').addEventListener('click', () => scan(state.lastScan ? state.lastScan.useProModel : false, true));
$('plan-form').addEventListener('submit', changePlan);
$('plan-select').addEventListener('change', () => { state.planTouched = true; });
$('reset-cache').addEventListener('click', () => busy($('reset-cache'), async () => {
  await api('POST', '/actuator/quota');
  await refreshAdmin();
}));

applyLanguage();
if (state.token) signIn(state.token); else showSignIn();
