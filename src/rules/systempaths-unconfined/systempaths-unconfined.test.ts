import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { systempathsUnconfined } from './systempaths-unconfined.js';

testRule(systempathsUnconfined, {
  valid: [
    { inspect: { HostConfig: { SecurityOpt: ['no-new-privileges'] } } },
    {
      inspect: {
        HostConfig: {
          SecurityOpt: null,
          MaskedPaths: [
            '/proc/asound',
            '/proc/acpi',
            '/proc/kcore',
            '/proc/keys',
            '/proc/latency_stats',
            '/proc/timer_list',
            '/proc/timer_stats',
            '/proc/sched_debug',
            '/proc/scsi',
            '/sys/firmware',
            '/sys/devices/virtual/powercap',
          ],
          ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
        },
      },
      why: "the daemon's default lists, as dockerd 20.10 fills them in (/proc/asound masked, not read-only)",
    },
    { inspect: { HostConfig: { Privileged: true, MaskedPaths: null } } },
    { run: 'podman run --security-opt mask=/proc/acpi alpine', why: "Podman's mask= adds a masked path" },
  ],
  invalid: [
    {
      quadlet: quadletUnit('Unmask=/proc/kcore ALL', 'PodmanArgs=--security-opt unmask=/proc/keys --init'),
      why: 'the last unmask option is the one reported, a word of PodmanArgs= removed with its flag',
      errors: [{ messageId: 'podmanUnmask', path: ['securityOpt', 2], data: { paths: '/proc/keys' } }],
      output: quadletUnit('Unmask=/proc/kcore ALL', 'PodmanArgs=--init'),
    },
    {
      run: 'podman run --security-opt unmask=ALL alpine',
      errors: [
        {
          messageId: 'podmanUnmask',
          path: ['securityOpt', 0],
          data: { paths: 'every masked kernel path in /proc and /sys' },
          fix: 'remove --security-opt unmask=ALL',
        },
      ],
    },
    {
      run: 'podman create --security-opt unmask=/proc/kcore:/proc/keys alpine',
      errors: [{ messageId: 'podmanUnmask', path: ['securityOpt', 0], data: { paths: '/proc/kcore, /proc/keys' } }],
    },
    { kubernetes: podManifest({ securityContext: { procMount: 'Unmasked' } }), errors: [{ messageId: 'emptied', path: ['maskedPaths'] }] },

    {
      inspect: { HostConfig: { SecurityOpt: ['systempaths=unconfined'] } },
      why: 'as an API client may send it',
      errors: [{ messageId: 'unconfined', path: ['securityOpt', 0] }],
    },
    {
      inspect: { HostConfig: { SecurityOpt: [], MaskedPaths: [], ReadonlyPaths: [] } },
      why: 'as the docker CLI sends it',
      errors: [{ messageId: 'emptied', path: ['maskedPaths'] }],
    },
    {
      inspect: { HostConfig: { MaskedPaths: ['/proc/asound'], ReadonlyPaths: ['/proc/asound'] } },
      why: 'partial lists given through the API replace the defaults (a second independent attack made /proc/sys writable so)',
      errors: [
        { messageId: 'partlyMasked', path: ['maskedPaths'] },
        {
          messageId: 'partlyReadOnly',
          path: ['readonlyPaths'],
          data: { paths: '/proc/bus, /proc/fs, /proc/irq, /proc/sys, /proc/sysrq-trigger' },
        },
      ],
    },
    {
      inspect: { HostConfig: { ReadonlyPaths: [] } },
      why: 'the masked paths keep their defaults',
      errors: [{ messageId: 'partlyReadOnly', path: ['readonlyPaths'] }],
    },
  ],
});
