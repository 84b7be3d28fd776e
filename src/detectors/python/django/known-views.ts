/**
 * What the framework classes a view can inherit from provide, since their code is not in the
 * repository. Each entry maps a member a class defines itself (an HTTP method handler or a DRF
 * action) to the member it delegates to (`ListAPIView.get` calls `self.list`), or to null when it
 * does the work itself. Delegation matters for the handler: a view that overrides `list` serves
 * `GET` through its own `list`.
 *
 * Deliberately absent: `options` and `head`, which Django's `View` and DRF's `APIView` answer
 * implicitly for every view; listing them would double every endpoint. Only `RedirectView`
 * defines them as real handlers, so only it lists them.
 */
export type Provides = Readonly<Record<string, string | null>>;

const FORM: Provides = { get: null, post: null, put: 'post' };
const GET_ONLY: Provides = { get: null };

/** Django (`django.views.generic`, `django.contrib.auth.views`), by class name. */
const DJANGO_CLASSES: Readonly<Record<string, Provides>> = {
  View: {},
  TemplateView: GET_ONLY,
  RedirectView: { get: null, head: 'get', post: 'get', options: 'get', delete: 'get', put: 'get', patch: 'get' },
  ListView: GET_ONLY,
  BaseListView: GET_ONLY,
  DetailView: GET_ONLY,
  BaseDetailView: GET_ONLY,
  ArchiveIndexView: GET_ONLY,
  BaseArchiveIndexView: GET_ONLY,
  YearArchiveView: GET_ONLY,
  BaseYearArchiveView: GET_ONLY,
  MonthArchiveView: GET_ONLY,
  BaseMonthArchiveView: GET_ONLY,
  WeekArchiveView: GET_ONLY,
  BaseWeekArchiveView: GET_ONLY,
  DayArchiveView: GET_ONLY,
  BaseDayArchiveView: GET_ONLY,
  TodayArchiveView: GET_ONLY,
  BaseTodayArchiveView: GET_ONLY,
  DateDetailView: GET_ONLY,
  BaseDateDetailView: GET_ONLY,
  ProcessFormView: FORM,
  FormView: FORM,
  BaseFormView: FORM,
  CreateView: FORM,
  BaseCreateView: FORM,
  UpdateView: FORM,
  BaseUpdateView: FORM,
  // Django 4.0+: BaseDeleteView posts a confirmation form; DeletionMixin answers DELETE.
  DeleteView: { get: null, post: null, delete: null },
  BaseDeleteView: { get: null, post: null, delete: null },
  DeletionMixin: { delete: null, post: 'delete' },
  LoginView: FORM,
  // Django 5.0 removed logout by GET.
  LogoutView: { post: null },
  PasswordChangeView: FORM,
  PasswordResetView: FORM,
  PasswordResetConfirmView: FORM,
  PasswordChangeDoneView: GET_ONLY,
  PasswordResetDoneView: GET_ONLY,
  PasswordResetCompleteView: GET_ONLY,
};

const LIST = { list: null };
const CREATE = { create: null };
const RETRIEVE = { retrieve: null };
const UPDATE = { update: null, partial_update: 'update' };
const DESTROY = { destroy: null };

/** Django REST Framework (`rest_framework.views`, `.generics`, `.mixins`, `.viewsets`), by class name. */
const DRF_CLASSES: Readonly<Record<string, Provides>> = {
  APIView: {},
  GenericAPIView: {},
  ListModelMixin: LIST,
  CreateModelMixin: CREATE,
  RetrieveModelMixin: RETRIEVE,
  UpdateModelMixin: UPDATE,
  DestroyModelMixin: DESTROY,
  CreateAPIView: { post: 'create', ...CREATE },
  ListAPIView: { get: 'list', ...LIST },
  RetrieveAPIView: { get: 'retrieve', ...RETRIEVE },
  DestroyAPIView: { delete: 'destroy', ...DESTROY },
  UpdateAPIView: { put: 'update', patch: 'partial_update', ...UPDATE },
  ListCreateAPIView: { get: 'list', post: 'create', ...LIST, ...CREATE },
  RetrieveUpdateAPIView: { get: 'retrieve', put: 'update', patch: 'partial_update', ...RETRIEVE, ...UPDATE },
  RetrieveDestroyAPIView: { get: 'retrieve', delete: 'destroy', ...RETRIEVE, ...DESTROY },
  RetrieveUpdateDestroyAPIView: { get: 'retrieve', put: 'update', patch: 'partial_update', delete: 'destroy', ...RETRIEVE, ...UPDATE, ...DESTROY },
  ViewSetMixin: {},
  ViewSet: {},
  GenericViewSet: {},
  ReadOnlyModelViewSet: { ...LIST, ...RETRIEVE },
  ModelViewSet: { ...LIST, ...CREATE, ...RETRIEVE, ...UPDATE, ...DESTROY },
};

/** DRF classes whose `as_view()` needs an action mapping and that routers expand. */
export const DRF_VIEWSET_CLASSES: ReadonlySet<string> = new Set(['ViewSetMixin', 'ViewSet', 'GenericViewSet', 'ReadOnlyModelViewSet', 'ModelViewSet']);

export const DJANGO_PACKAGE = 'django';
/** `rest_framework` as the linker names external packages (PEP 503 normalised). */
export const DRF_PACKAGE = 'rest-framework';
export const CHANNELS_PACKAGE = 'channels';

/** DRF itself and its extension packages (`rest_framework_jwt`, `drf_spectacular`...): their views are DRF views. */
export function isDrfPackage(pkg: string): boolean {
  return pkg === DRF_PACKAGE || pkg.startsWith(`${DRF_PACKAGE}-`) || pkg.startsWith('drf-') || pkg === 'djangorestframework';
}

/** What a framework class provides, or null when it is not one gonogo knows. */
export function knownClass(pkg: string, name: string): Provides | null {
  if (pkg === DJANGO_PACKAGE) return DJANGO_CLASSES[name] ?? null;
  if (pkg === DRF_PACKAGE) return DRF_CLASSES[name] ?? null;
  return null;
}
