import type { DetectContext, DetectedEndpoint, Detector } from '../../types.js';
import { analyzeDjango } from './analyze-django.js';
import type { Framework } from './url-patterns.js';

/**
 * Django: the URLconf tree from `ROOT_URLCONF` through `include()` chains, function views (methods
 * from `require_http_methods` & co.), class-based views (the methods they define or inherit), the
 * admin site and package URLconfs as generated `ALL` endpoints.
 */
export const djangoDetector: Detector = {
  id: 'django',
  title: 'Django',
  language: 'python',
  enablers: ['django'],
  detect: (context) => share(context, 'django'),
};

/**
 * Django REST Framework, found in the same URLconf walk: routers expanded to the list, detail and
 * `@action` routes each ViewSet really exposes, generic API views by their mixins, `APIView`s by
 * their methods, `@api_view` functions, and DefaultRouter's API root (generated).
 */
export const drfDetector: Detector = {
  id: 'drf',
  title: 'Django REST Framework',
  language: 'python',
  enablers: ['djangorestframework', 'rest_framework'],
  detect: (context) => share(context, 'drf'),
};

function share(context: DetectContext, framework: Framework): DetectedEndpoint[] {
  const analysis = analyzeDjango(context);
  for (const { framework: owner, diagnostic } of analysis.diagnostics) {
    if (owner === framework) context.report({ ...diagnostic, source: `detectors:${framework}` });
  }
  return analysis.endpoints.filter((endpoint) => endpoint.framework === framework).map((endpoint) => ({ ...endpoint, mountChain: [...endpoint.mountChain] }));
}
