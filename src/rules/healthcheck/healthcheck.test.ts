import { testRule } from '../../../test/support/rule-tester.js';
import { healthcheck } from './healthcheck.js';

testRule(healthcheck, {
  valid: [
    { compose: 'services: {a: {image: x}}', why: "the image's HEALTHCHECK is unknown to Compose" },

    { inspect: { Config: { Healthcheck: { Test: ['CMD-SHELL', 'true'] } } } },
    { inspect: { Config: { Healthcheck: { Test: ['CMD', 'pg_isready'] } }, State: { Health: { Status: 'healthy' } } } },
  ],
  invalid: [
    { run: 'docker run --no-healthcheck alpine', errors: [{ messageId: 'disabled', path: ['healthcheck'] }] },
    { compose: 'services: {a: {image: x, healthcheck: {disable: true}}}', errors: [{ messageId: 'disabled', path: ['healthcheck'] }] },

    { inspect: { Config: {} }, errors: [{ messageId: 'none', path: ['healthcheck'] }] },
    { inspect: { Config: { Healthcheck: { Test: ['NONE'] } } }, errors: [{ messageId: 'disabled', path: ['healthcheck'] }] },
    {
      inspect: { Config: { Healthcheck: { Test: ['CMD', 'false'] } }, State: { Status: 'running', Health: { Status: 'unhealthy' } } },
      why: 'unhealthy is not healthy',
      errors: [{ messageId: 'unhealthy', path: ['healthcheck'] }],
    },
  ],
});
