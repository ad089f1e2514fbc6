// Work a build hook starts and does not wait for (the search index, the assistant's index): it
// runs on the other core while the next hooks run, and the build's last hook waits for all of it
// (src/integrations/built-site.ts): a failure still fails the build, naming its job.
const jobs: { name: string; done: Promise<unknown> }[] = [];

export function inBackground(name: string, done: Promise<unknown>): void {
  // Awaited by backgroundJobsDone(); no unhandled rejection meanwhile.
  done.catch(() => {});
  jobs.push({ name, done });
}

/** Waits for every job started in this build; throws the first failure. */
export async function backgroundJobsDone(): Promise<void> {
  const all = jobs.splice(0);
  const results = await Promise.allSettled(all.map((j) => j.done));
  const failed = results.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    const reason = (results[failed] as PromiseRejectedResult).reason as Error;
    throw new Error(`${all[failed]!.name} : ${reason?.message ?? reason}`, { cause: reason });
  }
}
