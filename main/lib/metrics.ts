/**
 * A small Prometheus text-format registry. Counters are kept in memory; gauges are read at
 * scrape time from callbacks, so they are never stale.
 */
type Labels = Record<string, string>;

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  read(): Array<{ labels: Labels; value: number }>;
}

export function createMetrics() {
  const families = new Map<string, Family>();
  return {
    counter(name: string, help: string) {
      const values = new Map<string, { labels: Labels; value: number }>();
      families.set(name, { help, type: 'counter', read: () => [...values.values()] });
      return {
        inc(labels: Labels, by = 1): void {
          const key = labelText(labels);
          const entry = values.get(key);
          if (entry) entry.value += by;
          else values.set(key, { labels, value: by });
        },
        /** Declares a label set at 0 so dashboards see the series before the first event. */
        touch(labels: Labels): void {
          const key = labelText(labels);
          if (!values.has(key)) values.set(key, { labels, value: 0 });
        },
      };
    },
    gauge(name: string, help: string, read: () => Array<{ labels: Labels; value: number }>): void {
      families.set(name, { help, type: 'gauge', read });
    },
    render(): string {
      const lines: string[] = [];
      for (const [name, family] of families) {
        lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
        for (const { labels, value } of family.read()) lines.push(`${name}${labelText(labels)} ${value}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
