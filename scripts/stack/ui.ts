// Console output for the launcher. Three services install and start at once, so lines carry the
// service name, and progress bars share one MultiBar that keeps log lines above the bars.
import cliProgress from 'cli-progress';

const interactive = process.stderr.isTTY === true && !process.env.CI;
let multibar: cliProgress.MultiBar | undefined;
let activeBars = 0;

function bars(): cliProgress.MultiBar {
  multibar ??= new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {service} |{bar}| {percentage}% {detail}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return multibar;
}

export function say(service: string, message: string): void {
  const line = `${service.padEnd(8)} ${message}`;
  if (multibar) multibar.log(`${line}\n`);
  else console.error(line);
}

export interface Progress {
  update(done: number, detail?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

/** A progress bar on a terminal; every 25% a plain line otherwise (CI logs, pipes). */
export function progress(service: string, total: number, detail = ''): Progress {
  if (interactive) {
    activeBars += 1;
    let stopped = false;
    const bar = bars().create(Math.max(total, 1), 0, { service: service.padEnd(8), detail });
    return {
      update: (done, d) => bar.update(done, d === undefined ? {} : { detail: d }),
      setTotal: (t) => bar.setTotal(Math.max(t, 1)),
      stop: () => {
        if (stopped) return;
        stopped = true;
        bar.stop();
        multibar?.remove(bar);
        activeBars -= 1;
        if (activeBars === 0) {
          multibar?.stop();
          multibar = undefined;
        }
      },
    };
  }
  let quarter = 0;
  let max = Math.max(total, 1);
  return {
    update(done, d) {
      const q = Math.floor((done / max) * 4);
      if (q > quarter && q <= 4) {
        quarter = q;
        say(service, `${q * 25}%${d ? ` ${d}` : ''}`);
      }
    },
    setTotal: (t) => (max = Math.max(t, 1)),
    stop: () => undefined,
  };
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
