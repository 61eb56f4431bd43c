import { describe, expect, it } from 'vitest';
import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { isWildcardAddress, portAllInterfaces } from './port-all-interfaces.js';

const bind = (HostIp: string, HostPort = '8080') => ({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp, HostPort }] } } });

testRule(portAllInterfaces, {
  valid: [
    { run: 'docker run -p 127.0.0.1:8080:80 -p "$ADDR":9090:90 alpine', why: 'an unknown address is never guessed' },
    { compose: 'services: {a: {image: x, ports: ["${BIND}:80:80", "${BIND}:80", {target: 80, published: 8080, host_ip: 127.0.0.1}]}}' },

    { inspect: bind('127.0.0.1') },
    { inspect: bind('::1') },
    { inspect: bind('10.0.0.5') },
    { inspect: { HostConfig: { PortBindings: { '80/tcp': null }, PublishAllPorts: false } } },
  ],
  invalid: [
    {
      quadlet: quadletUnit('PublishPort=8080:8080', 'PublishPort=[::]:9443:9443/tcp'),
      errors: [
        { messageId: 'wildcard', path: ['portBindings', 0], line: 3, column: 1 },
        { messageId: 'wildcard', path: ['portBindings', 1], line: 4, column: 1 },
      ],
      output: quadletUnit('PublishPort=127.0.0.1:8080:8080', 'PublishPort=127.0.0.1:9443:9443/tcp'),
    },
    {
      run: 'docker run -dp 8080:80 alpine',
      errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { hostPort: '8080' } }],
      output: 'docker run -dp 127.0.0.1:8080:80 alpine',
    },
    {
      run: 'docker run -p [::]:8443:443/tcp alpine',
      errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { address: '::' } }],
    },
    {
      compose: 'services: {a: {image: x, ports: ["80"]}}',
      why: 'container port only: a random host port on every interface',
      errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { hostPort: '(random)' } }],
      fix: { bindAddress: '10.0.0.5' },
      output: 'services: {a: {image: x, ports: ["10.0.0.5::80"]}}\n',
    },

    // Issue 16: a host port from a variable named as a port, with no address written, is on every interface.
    {
      compose:
        'services: {a: {image: x, ports: ["${APP_PORT}:8065", "$CALLS_PORT:8443/udp", "${PORT}:8000", "${RTC_PORT}/udp", "${RTC_PORT}:${RTC_PORT}/tcp"]}}',
      why: 'bindings in order of their container port',
      errors: [
        { messageId: 'wildcard', path: ['portBindings', 0], data: { hostPort: '${RTC_PORT}', containerPort: '${RTC_PORT}/tcp' } },
        { messageId: 'wildcard', path: ['portBindings', 1], data: { hostPort: '(random)', containerPort: '${RTC_PORT}/udp' } },
        { messageId: 'wildcard', path: ['portBindings', 2], data: { hostPort: '${PORT}', containerPort: '8000/tcp' } },
        { messageId: 'wildcard', path: ['portBindings', 3], data: { hostPort: '${APP_PORT}', containerPort: '8065/tcp' } },
        { messageId: 'wildcard', path: ['portBindings', 4], data: { hostPort: '$CALLS_PORT', containerPort: '8443/udp' } },
      ],
      output:
        'services: {a: {image: x, ports: ["127.0.0.1:${APP_PORT}:8065", "127.0.0.1:$CALLS_PORT:8443/udp", "127.0.0.1:${PORT}:8000", ' +
        '"127.0.0.1::${RTC_PORT}/udp", "127.0.0.1:${RTC_PORT}:${RTC_PORT}/tcp"]}}\n',
    },
    {
      inspect: bind(''),
      errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { hostPort: '8080', address: 'no address given' } }],
    },
    { inspect: bind('0.0.0.0'), errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { address: '0.0.0.0' } }] },
    {
      inspect: bind('::'),
      why: 'IPv6 wildcard [::] is reported',
      errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { address: '::' } }],
    },
    { inspect: bind('[::]', ''), errors: [{ messageId: 'wildcard', path: ['portBindings', 0], data: { hostPort: '(random)' } }] },
    { inspect: { HostConfig: { PublishAllPorts: true } }, errors: [{ messageId: 'publishAll', path: ['publishAllPorts'] }] },
    {
      inspect: {
        HostConfig: {
          PortBindings: {
            '53/udp': [
              { HostIp: '127.0.0.1', HostPort: '53' },
              { HostIp: '0:0::0', HostPort: '53' },
            ],
          },
        },
      },
      errors: [{ messageId: 'wildcard', path: ['portBindings', 1], data: { containerPort: '53/udp' } }],
    },
  ],
});

describe('isWildcardAddress', () => {
  it.each(['', '0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0'])('%s is every interface', (address) => {
    expect(isWildcardAddress(address)).toBe(true);
  });
  it.each(['127.0.0.1', '::1', '192.168.1.10', 'fe80::1', 'localhost'])('%s is specific', (address) => {
    expect(isWildcardAddress(address)).toBe(false);
  });
});
