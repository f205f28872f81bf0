/*
 * ServiceStar (服务之星): glue between the app and Camunda's webapps (Tasklist, Cockpit, Admin,
 * Welcome). Served as /camunda/app/servicestar/webapp-integration.js and named in each app's
 * scripts/config.js as customScripts: ['../servicestar/webapp-integration'].
 *
 * How Camunda 7.24 runs it: after loading scripts/config.js, each app import()s its customScripts
 * as ES modules (relative to /camunda/app/<app>/, ".js" appended), waits for them, and only then
 * bootstraps Angular with the modules [<app module>, "cam.<app>.custom"]. A module's `default`
 * export would be registered as a front-end plugin; this one has none, it only has side effects.
 * An error in here is logged by Camunda and the app still starts.
 *
 * What it does:
 *  1. Single sign-on. Users log in once, on the app's own Spring Security page (/login), and the
 *     webapps take the user from that session. So:
 *     a. the account menu's "log out" (li.account li.logout a) leads to the app's /logout (a page
 *        that asks to confirm and logs out with a POST) instead of Camunda's own logout;
 *     b. when the webapp goes to its own login route (#/login: the session has ended, its API
 *        answered 401), the browser is sent to the app's /login instead.
 *  2. Language. Stock Camunda picks the UI language from the browser (navigator.languages[0]) and
 *     falls back to config.js's locales.fallbackLocale. ServiceStar wants the fallback locale
 *     (Chinese in every app) whatever the browser says, and English only when the user asks for it:
 *     a config block in "cam.<app>.custom" (it runs after Camunda's own locale set-up) sets
 *     angular-translate's preferred and fallback language to the user's choice (localStorage
 *     "servicestar.locale") when the app offers it, else to locales.fallbackLocale; and the account
 *     menu gets an item to switch, where the app offers more than one locale. The header's menu of
 *     the other webapps names them in English whatever the language (Camunda hard-codes "Cockpit",
 *     "Admin", …), so their names are put in the chosen language here.
 *  3. Camunda Forms with lists (Tasklist). Tasklist disables 完成 while form-js's "changed" event
 *     carries any key in its errors; form-js keeps a key for every field inside a dynamic list
 *     after any change, holding an empty list when the field is fine. So once a ballot or an
 *     inspection sheet was touched, 完成 stayed disabled even with every answer valid (found by the
 *     browser tests). When Tasklist is told "invalid" while a form-js form is shown, this looks
 *     again once form-js has rendered: no field marked with an error (.fjs-has-errors) means valid.
 *     Completing still validates the whole form in form-js first, and the server checks every
 *     answer, so nothing invalid gets through.
 *  4. Camunda Forms in Chinese (Tasklist): date fields show and take yyyy-MM-dd whatever the
 *     browser's language, and form-js's few fixed English texts (the list buttons, the validation
 *     messages) are shown in Chinese.
 */

// camunda.bpm.webapp.application-path (application.yaml): the webapps live under
// <servlet context path> + WEBAPP_PATH, and <base app-root> is exactly that.
const WEBAPP_PATH = '/camunda';

// where the user's language choice is remembered (per browser)
const LOCALE_KEY = 'servicestar.locale';

// how each locale calls itself, for the switch in the account menu
const LOCALE_NAMES = {zh: '中文', en: 'English'};

// the webapps' names in the header's app menu, by locale (as app.name in their config.js)
const APP_NAMES = {zh: {welcome: '欢迎页', tasklist: '任务中心', cockpit: '流程监控', admin: '系统管理'}};
const APP_MENU_ITEMS = 'li.app-switch ul.dropdown-menu > li';

const LOGIN_ROUTE = /^#!?\/login(?:[/?]|$)/;
const LOGOUT_LINK = 'li.account li.logout a';
const SWITCH_ITEM_CLASS = 'servicestar-locale';

const base = document.querySelector('base');
const appName = (base && base.getAttribute('app-name')) || '';

/**
 * The servlet context path the app runs under ('' at the server root, '/servicestar' under a
 * context path), from <base app-root="$APP_ROOT">, which the server fills with context path +
 * webapp application path.
 */
function contextPath() {
  const appRoot = (base && base.getAttribute('app-root')) || WEBAPP_PATH;
  let path = new URL(appRoot, window.location.href).pathname.replace(/\/+$/, '');
  if (path.endsWith(WEBAPP_PATH)) {
    return path.slice(0, path.length - WEBAPP_PATH.length);
  }
  // the application path was changed without updating WEBAPP_PATH: assume it is one segment
  return path.replace(/\/[^/]*$/, '');
}

const APP_LOGIN = contextPath() + '/login';
const APP_LOGOUT = contextPath() + '/logout';

/* ------------------------------------------------------------------ single sign-on */

let leaving = false;

/** The webapp shows its own login form: its session is gone, so log in on the app's page. */
function leaveCamundaLogin() {
  if (!leaving && LOGIN_ROUTE.test(window.location.hash)) {
    leaving = true;
    // replace: "back" must not return to the webapp's login route
    window.location.replace(APP_LOGIN);
  }
  return leaving;
}

/** Points every logout link of the account menu at the app's /logout. */
function patchLogoutLinks() {
  document.querySelectorAll(LOGOUT_LINK).forEach((link) => {
    if (link.getAttribute('href') !== APP_LOGOUT) {
      link.setAttribute('href', APP_LOGOUT);
      link.removeAttribute('ng-click');
    }
  });
}

/*
 * The link keeps the element Angular rendered (so its translated text stays live), but Angular's
 * ng-click (Camunda's own logout) must not run: this listener sees the click first (capture phase
 * on the document), stops it there, and lets the browser follow the href, so ctrl-click and
 * middle-click work too.
 */
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const logout = target && target.closest(LOGOUT_LINK);
  if (logout) {
    logout.setAttribute('href', APP_LOGOUT);
    event.stopPropagation();
    return;
  }
  const switchLink = target && target.closest('li.' + SWITCH_ITEM_CLASS + ' a');
  if (switchLink) {
    event.preventDefault();
    event.stopPropagation();
    rememberLocale(switchLink.getAttribute('data-locale'));
    window.location.reload();
  }
}, true);

/* ------------------------------------------------------------------ language */

function storedLocale() {
  try {
    return window.localStorage.getItem(LOCALE_KEY);
  } catch (e) {
    return null; // storage disabled
  }
}

function rememberLocale(locale) {
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch (e) {
    // storage disabled: the choice lasts for nothing, the default stays
  }
}

/** The user's choice if the app offers it, otherwise the app's fallback locale. */
function chooseLocale(available, fallback) {
  const wanted = storedLocale();
  return wanted && available.indexOf(wanted) > -1 ? wanted : fallback;
}

// set by the config block below; null where the app is not Angular-bootstrapped by us
let activeLocale = null;
let offeredLocales = [];

function installLocaleChoice() {
  const angular = window.angular;
  if (!angular || !appName) {
    console.warn('[servicestar] Angular not found, keeping Camunda\'s language choice');
    return;
  }
  let customModule;
  try {
    customModule = angular.module('cam.' + appName + '.custom');
  } catch (e) {
    console.warn('[servicestar] no module cam.' + appName + '.custom, keeping Camunda\'s language choice');
    return;
  }
  customModule.config(['$injector', function($injector) {
    if (!$injector.has('$translateProvider') || !$injector.has('configurationProvider')) {
      return;
    }
    const $translateProvider = $injector.get('$translateProvider');
    const configuration = $injector.get('configurationProvider');
    const available = configuration.getAvailableLocales() || [];
    const locale = chooseLocale(available, configuration.getFallbackLocale());
    // replaces what Camunda's determinePreferredLanguage() guessed from the browser
    $translateProvider.preferredLanguage(locale);
    // missing keys would fall back to this one too; loading only one locale file also keeps
    // moment.js from ending up in the fallback locale's date language
    $translateProvider.fallbackLanguage(locale);
    activeLocale = locale;
    offeredLocales = available.slice();
    document.documentElement.setAttribute('lang', locale === 'zh' ? 'zh-CN' : locale);
  }]);
}

/** "English" in the Chinese UI, "中文" in the English one, just above "log out". */
function addLocaleSwitch() {
  if (!activeLocale || offeredLocales.length < 2) {
    return;
  }
  document.querySelectorAll('li.account ul.dropdown-menu').forEach((menu) => {
    if (menu.querySelector('li.' + SWITCH_ITEM_CLASS)) {
      return;
    }
    const logoutItem = menu.querySelector('li.logout');
    offeredLocales.filter((locale) => locale !== activeLocale).forEach((locale) => {
      const item = document.createElement('li');
      item.className = SWITCH_ITEM_CLASS;
      const link = document.createElement('a');
      link.setAttribute('href', '');
      link.setAttribute('data-locale', locale);
      link.setAttribute('lang', locale === 'zh' ? 'zh-CN' : locale);
      link.setAttribute('title', '切换界面语言 / Switch language');
      link.textContent = LOCALE_NAMES[locale] || locale;
      item.appendChild(link);
      menu.insertBefore(item, logoutItem);
    });
  });
}

/** Camunda renders the app menu's items ({{ app.label }}) from fixed English labels. */
function translateAppMenu() {
  const names = APP_NAMES[activeLocale];
  if (!names) {
    return;
  }
  document.querySelectorAll(APP_MENU_ITEMS).forEach((item) => {
    const link = item.querySelector('a');
    const app = Object.keys(names).find((name) => item.classList.contains(name));
    // only when different: this runs on every DOM change, including its own
    if (link && app && link.textContent.trim() !== names[app]) {
      link.textContent = names[app];
    }
  });
}

/* ------------------------------------------------------------------ forms with lists */

const FORM_JS_FORM = '.fjs-container';
const FORM_JS_FIELD_ERROR = '.fjs-has-errors';

/** After form-js has rendered: valid when no field of the shown form-js form shows an error. */
function recheckFormJsValidity(notifyValidated) {
  window.requestAnimationFrame(() => window.setTimeout(() => {
    const form = document.querySelector(FORM_JS_FORM);
    if (form && !form.querySelector(FORM_JS_FIELD_ERROR)) {
      notifyValidated(false);
    }
  }, 0));
}

function installFormJsListValidity() {
  const angular = window.angular;
  if (!angular || appName !== 'tasklist') {
    return;
  }
  let customModule;
  try {
    customModule = angular.module('cam.tasklist.custom');
  } catch (e) {
    return;
  }
  customModule.config(['$provide', function($provide) {
    $provide.decorator('camTasklistFormDirective', ['$delegate', function($delegate) {
      const directive = $delegate[0];
      const original = directive.controller;
      const annotated = Array.isArray(original);
      const controller = annotated ? original[original.length - 1] : original;
      if (typeof controller !== 'function') {
        console.warn('[servicestar] camTasklistForm has no controller function, Tasklist validity unchanged');
        return $delegate;
      }
      const dependencies = annotated ? original.slice(0, -1) : (controller.$inject || []);
      function ServiceStarTasklistForm() {
        controller.apply(this, arguments);
        const self = this;
        const notifyValidated = self.notifyFormValidated;
        self.notifyFormValidated = function(invalid) {
          notifyValidated.call(self, invalid);
          if (invalid) {
            recheckFormJsValidity((stillInvalid) => notifyValidated.call(self, stillInvalid));
          }
        };
      }
      ServiceStarTasklistForm.prototype = controller.prototype;
      directive.controller = dependencies.concat([ServiceStarTasklistForm]);
      return $delegate;
    }]);
  }]);
}

/* ------------------------------------------------------------------ form-js in Chinese */

/*
 * Tasklist's form-js 1.8.7 has no locale of its own. Two things a person reads come out English:
 *  - dates: form-js builds a date field's display format from Intl.DateTimeFormat('default'), the
 *    browser's language (12/6/2026 in an English browser, 2026/12/6 in a Chinese one). Where form-js
 *    asks for 'default', Tasklist is given the Swedish locale, whose short date is ISO
 *    (2026-12-06): every date field shows and takes yyyy-MM-dd. The stored value was ISO already.
 *  - a few fixed texts: the dynamic list's buttons and the validation messages. They are replaced
 *    in the rendered form, by exact text (a form's own labels are Chinese and never match).
 */
const ISO_DATE_LOCALE = 'sv-SE';

function installIsoDatesForFormJs() {
  if (appName !== 'tasklist' || !window.Intl || Intl.DateTimeFormat.servicestarIso) {
    return;
  }
  const Original = Intl.DateTimeFormat;
  function IsoWhereDefault(locales, options) {
    const chosen = locales === 'default' ? ISO_DATE_LOCALE : locales;
    return new Original(chosen, options);
  }
  IsoWhereDefault.prototype = Original.prototype;
  IsoWhereDefault.supportedLocalesOf = Original.supportedLocalesOf;
  IsoWhereDefault.servicestarIso = true;
  Intl.DateTimeFormat = IsoWhereDefault;
}

const FORM_JS_TEXTS = [
  [/^Add new$/, '添加一项'],
  [/^Collapse$/, '收起'],
  [/^Expand all \((\d+)\)$/, '全部展开（$1）'],
  [/^Field is required\.$/, '此项必填。'],
  [/^Field must have minimum value of (.+)\.$/, '不能小于 $1。'],
  [/^Field must have maximum value of (.+)\.$/, '不能大于 $1。'],
  [/^Field must have minimum length of (.+)\.$/, '至少 $1 个字。'],
  [/^Field must have maximum length of (.+)\.$/, '最多 $1 个字。'],
  [/^Field must match pattern (.+)\.$/, '格式不符（$1）。'],
  [/^Field must be a valid email\.$/, '请填写有效的电子邮件地址。'],
  [/^Date must match pattern yyyy-MM-dd$/, '日期格式应为 yyyy-MM-dd。'],
  [/^Date and time must both be entered\.$/, '日期和时间都要填写。'],
  [/^Select$/, '请选择'],
  [/^Search$/, '搜索'],
];
const FORM_JS_ATTRIBUTES = ['placeholder', 'title', 'aria-label'];

function chineseFormJsText(text) {
  const trimmed = text.trim();
  for (const [english, chinese] of FORM_JS_TEXTS) {
    if (english.test(trimmed)) {
      return text.replace(trimmed, trimmed.replace(english, chinese));
    }
  }
  return null;
}

function translateFormJs() {
  if (appName !== 'tasklist' || activeLocale !== 'zh') {
    return;
  }
  document.querySelectorAll(FORM_JS_FORM).forEach((form) => {
    const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const chinese = chineseFormJsText(node.nodeValue);
      // only when different: this runs on every DOM change, including its own
      if (chinese !== null && chinese !== node.nodeValue) {
        node.nodeValue = chinese;
      }
    }
    form.querySelectorAll('[placeholder],[title],[aria-label]').forEach((element) => {
      FORM_JS_ATTRIBUTES.forEach((attribute) => {
        const value = element.getAttribute(attribute);
        const chinese = value && chineseFormJsText(value);
        if (chinese && chinese !== value) {
          element.setAttribute(attribute, chinese);
        }
      });
    });
  });
}

/* ------------------------------------------------------------------ wiring */

function onPageChange() {
  if (leaveCamundaLogin()) {
    return;
  }
  patchLogoutLinks();
  addLocaleSwitch();
  translateAppMenu();
  translateFormJs();
}

if (!leaveCamundaLogin()) {
  installLocaleChoice();
  installFormJsListValidity();
  installIsoDatesForFormJs();
  window.addEventListener('hashchange', onPageChange);
  window.addEventListener('popstate', onPageChange);
  // Angular renders (and re-renders) the header and views after this script ran
  new MutationObserver(onPageChange).observe(document.documentElement, {childList: true, subtree: true});
}
