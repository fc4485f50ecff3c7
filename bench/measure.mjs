// What a benchmark reads of its own process while some work runs.

/** The CPU seconds (user + system) and peak RSS (sampled every 20 ms) of this process while `work` runs. */
export async function measure(work) {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    const used = process.cpuUsage(cpu);
    return { result, cpuSeconds: (used.user + used.system) / 1e6, peakRss };
  } finally {
    clearInterval(sampler);
  }
}
