import { testRule } from '../../../test/support/rule-tester.js';
import { legacyLink } from './legacy-link.js';

testRule(legacyLink, {
  valid: [{ inspect: { HostConfig: { Links: null } } }, { inspect: { HostConfig: { Links: [] } } }],
  invalid: [
    {
      inspect: { HostConfig: { Links: ['/db:/web/database', '/cache:/web/cache'] } },
      errors: [
        { messageId: 'link', path: ['links', 0], data: { link: 'db:database' } },
        { messageId: 'link', path: ['links', 1], data: { link: 'cache:cache' } },
      ],
    },
  ],
});
