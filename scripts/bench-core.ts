/**
 * `npm run bench:core`: throughput of the domain core's hot paths, printed as operations per second.
 *
 * - Due-time computations in business-hours mode against a BusinessHours calendar with holidays
 *   (one-off, partial-day and recurring yearly), the companion's work on every completion.
 * - Criteria evaluations for a Lead: compiled once and evaluated per record (the companion's path), and
 *   parse + validate + evaluate in one call (the editor's preview path).
 *
 * Inputs are deterministic (a fixed pseudo-random sequence), so runs compare.
 */
import { performance } from 'node:perf_hooks';
import {
  calendarFromBusinessHours,
  computeDueAt,
  type BusinessHoursRecord,
  type HolidayRecord
} from '../src/core/timing';
import {
  evaluateCompiledCriteria,
  evaluateCriteria,
  parseCriteria,
  validateCriteria
} from '../src/core/criteria';
import type { DescribeCatalog } from '../src/core/describe';
import type { DelayUnit, TimingMode } from '../src/core/constants';

const RUN_MS = 1_000;

/** Runs `work(i)` repeatedly for about `RUN_MS` after a warm-up, and returns operations per second. */
function measure(work: (i: number) => void): number {
  for (let i = 0; i < 2_000; i += 1) work(i);
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < RUN_MS) {
    for (let i = 0; i < 500; i += 1) work(count + i);
    count += 500;
    elapsed = performance.now() - start;
  }
  return (count / elapsed) * 1000;
}

/** A small linear congruential generator: the same inputs on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 4_294_967_296;
    return state / 4_294_967_296;
  };
}

const format = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');

// ---- Due times ----

const weekday = (start: string, end: string) => ({
  MondayStartTime: start,
  MondayEndTime: end,
  TuesdayStartTime: start,
  TuesdayEndTime: end,
  WednesdayStartTime: start,
  WednesdayEndTime: end,
  ThursdayStartTime: start,
  ThursdayEndTime: end,
  FridayStartTime: start,
  FridayEndTime: end
});
const hours: BusinessHoursRecord = {
  TimeZoneSidKey: 'America/New_York',
  ...weekday('09:00:00.000Z', '17:00:00.000Z')
};
const holidays: HolidayRecord[] = [
  {
    Name: 'New Year',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2020-01-01'
  },
  {
    Name: 'Independence Day',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2020-07-04'
  },
  {
    Name: 'Christmas',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearly',
    RecurrenceStartDate: '2020-12-25'
  },
  {
    Name: 'Memorial Day',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearlyNth',
    RecurrenceStartDate: '2020-05-25',
    RecurrenceInstance: 'Last',
    RecurrenceDayOfWeekMask: 2,
    RecurrenceMonthOfYear: 'May'
  },
  {
    Name: 'Labor Day',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearlyNth',
    RecurrenceStartDate: '2020-09-07',
    RecurrenceInstance: 'First',
    RecurrenceDayOfWeekMask: 2,
    RecurrenceMonthOfYear: 'September'
  },
  {
    Name: 'Thanksgiving',
    IsAllDay: true,
    IsRecurrence: true,
    RecurrenceType: 'RecursYearlyNth',
    RecurrenceStartDate: '2020-11-26',
    RecurrenceInstance: 'Fourth',
    RecurrenceDayOfWeekMask: 16,
    RecurrenceMonthOfYear: 'November'
  },
  {
    Name: 'Christmas Eve afternoon',
    ActivityDate: '2026-12-24',
    IsAllDay: false,
    StartTimeInMinutes: 720,
    EndTimeInMinutes: 1020
  },
  { Name: 'Offsite', ActivityDate: '2026-06-12', IsAllDay: true },
  {
    Name: 'Quarterly all-hands',
    IsAllDay: false,
    StartTimeInMinutes: 600,
    EndTimeInMinutes: 720,
    IsRecurrence: true,
    RecurrenceType: 'RecursMonthlyNth',
    RecurrenceStartDate: '2026-01-06',
    RecurrenceInstance: 'First',
    RecurrenceDayOfWeekMask: 4,
    RecurrenceInterval: 3
  }
];
const calendarResult = calendarFromBusinessHours(hours, holidays);
if (!calendarResult.ok) throw new Error(calendarResult.error.message);
const calendar = calendarResult.value;

const random = sequence(42);
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const UNITS: DelayUnit[] = ['Minutes', 'Hours', 'Days'];
const MODES: TimingMode[] = ['Business Hours (Weekday)', 'Business Hours (Any Day)'];
const dueInputs = Array.from({ length: 4_096 }, () => ({
  base: new Date(YEAR_START + Math.floor(random() * 365 * 86_400_000)),
  delayAmount: Math.floor(random() * 48),
  delayUnit: UNITS[Math.floor(random() * UNITS.length)],
  timing: MODES[Math.floor(random() * MODES.length)],
  calendar
}));
let failures = 0;
const duePerSecond = measure((i) => {
  if (!computeDueAt(dueInputs[i & 4_095]).ok) failures += 1;
});
if (failures > 0) throw new Error(`${failures} due-time computations failed`);
// The same with the recipient's time zone: windows read in another zone.
const recipientPerSecond = measure((i) => {
  computeDueAt({ ...dueInputs[i & 4_095], recipientTimeZone: 'Europe/Berlin' });
});

// ---- Criteria ----

const catalog: DescribeCatalog = {
  Lead: {
    name: 'Lead',
    fields: [
      {
        name: 'Status',
        type: 'picklist',
        picklistValues: ['Open', 'Working', 'Nurturing', 'Qualified'].map((value) => ({
          value,
          active: true
        }))
      },
      {
        name: 'Rating',
        type: 'picklist',
        picklistValues: ['Hot', 'Warm', 'Cold'].map((value) => ({ value, active: true }))
      },
      { name: 'AnnualRevenue', type: 'currency' },
      { name: 'Country', type: 'string' },
      { name: 'HasOptedOutOfEmail', type: 'boolean' },
      { name: 'CreatedDate', type: 'datetime' }
    ]
  }
};
const criteriaJson = JSON.stringify({
  logic: 'CUSTOM',
  expression: '1 AND (2 OR 3) AND 4 AND NOT 5',
  conditions: [
    { field: 'Status', operator: 'includes', value: ['Open', 'Working'] },
    { field: 'Rating', operator: 'equals', value: 'Hot' },
    { field: 'AnnualRevenue', operator: 'greaterOrEqual', value: 1_000_000 },
    { field: 'CreatedDate', operator: 'equals', value: 'LAST_N_DAYS:30' },
    { field: 'HasOptedOutOfEmail', operator: 'equals', value: true }
  ]
});
const parsed = parseCriteria(criteriaJson);
if (!parsed.ok) throw new Error(`criteria: ${parsed.error.message}`);
const compiled = validateCriteria(parsed.value, catalog, 'Lead');
if (!compiled.ok) throw new Error(`criteria: ${compiled.error.map((e) => e.message).join('; ')}`);
const now = new Date('2026-12-01T15:00:00Z');
const statuses = ['Open', 'Working', 'Nurturing', 'Qualified'];
const ratings = ['Hot', 'Warm', 'Cold'];
const records = Array.from({ length: 4_096 }, () => ({
  Status: statuses[Math.floor(random() * statuses.length)],
  Rating: ratings[Math.floor(random() * ratings.length)],
  AnnualRevenue: Math.floor(random() * 5_000_000),
  Country: 'US',
  HasOptedOutOfEmail: random() < 0.1,
  CreatedDate: new Date(now.getTime() - Math.floor(random() * 60 * 86_400_000)).toISOString()
}));
let met = 0;
const compiledPerSecond = measure((i) => {
  const result = evaluateCompiledCriteria(compiled.value, records[i & 4_095], {
    now,
    timeZone: 'America/New_York'
  });
  if (result.ok && result.value.met) met += 1;
});
const oneShotPerSecond = measure((i) => {
  evaluateCriteria(criteriaJson, records[i & 4_095], catalog, 'Lead', now, 'America/New_York');
});

console.log('Stride core benchmark (Node ' + process.version + ')');
console.log(
  `due-time computations/s (business hours, ${holidays.length} holidays, America/New_York): ${format(duePerSecond)}`
);
console.log(
  `due-time computations/s (same, windows in the recipient's zone):            ${format(recipientPerSecond)}`
);
console.log(
  `criteria evaluations/s (compiled once, 5 conditions, custom logic):          ${format(compiledPerSecond)}`
);
console.log(
  `criteria evaluations/s (parse + validate + evaluate per call):               ${format(oneShotPerSecond)}`
);
if (met === 0) throw new Error('no record met the criteria: the benchmark inputs are wrong');
