import { describe, expect, it } from 'vitest';
import { currentOwner, ownerGone, parseOwner, probePid, renderOwner, STALE_MS, type Owner } from '../../../src/workdir/owner.js';

const self: Owner = { pid: 1, host: 'pod-b', boot: 'boot-1', pidns: 'pid:[100]', start: 5000 };
const alive = (start?: number) => () => ({ alive: true, start });
const gone = () => ({ alive: false });

describe('whether the owner of a temporary checkout is gone', () => {
  it('asks the kernel when the owner ran on this host, boot and pid namespace', () => {
    const owner = { ...self, pid: 42, start: 3000 };
    expect(ownerGone(owner, self, gone, 0)).toBe(true);
    expect(ownerGone(owner, self, alive(3000), STALE_MS * 10)).toBe(false);
    // A container's next run is pid 1 again: same pid, another process (it started later).
    expect(ownerGone({ ...self, start: 4000 }, self, alive(5000), 0)).toBe(true);
    expect(ownerGone({ ...owner, start: undefined }, self, alive(3000), 0)).toBe(false);
  });

  it('goes by the heartbeat where the pid means another process: another host, boot or pid namespace', () => {
    for (const owner of [{ ...self, host: 'pod-a' }, { ...self, boot: 'boot-0' }, { ...self, pidns: 'pid:[99]' }]) {
      const probe = () => expect.unreachable('the kernel has no say here');
      expect(ownerGone(owner, self, probe, STALE_MS - 1)).toBe(false);
      expect(ownerGone(owner, self, probe, STALE_MS + 1)).toBe(true);
    }
  });

  it('knows this process as alive, with the start time its record holds', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(ownerGone(me, me, () => probePid(me.pid), 0)).toBe(false);
    expect(probePid(me.pid)).toEqual({ alive: true, start: me.start });
  });

  it('reads back only records imagebump wrote', () => {
    expect(parseOwner(renderOwner(self))).toEqual(self);
    expect(parseOwner('{"pid": 42, "host": "x"}')).toBeUndefined();
    expect(parseOwner('{"tool": "imagebump", "pid": "42", "host": "x"}')).toBeUndefined();
    expect(parseOwner('not json')).toBeUndefined();
  });
});
