/*
 * Copyright Camunda Services GmbH and/or licensed to Camunda Services GmbH
 * under one or more contributor license agreements. See the NOTICE file
 * distributed with this work for additional information regarding copyright
 * ownership. Camunda licenses this file to you under the Apache License,
 * Version 2.0; you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * ServiceStar (服务之星): Tasklist configuration.
 *
 * This file replaces the config.js shipped in camunda-webapp-webjar 7.24.0: Spring Boot serves
 * /camunda/app/tasklist/** from classpath:/META-INF/resources/webjars/camunda/app/tasklist/, and
 * our resources come before the webjar on the classpath. It stays an ES module ("export default"),
 * which is how Tasklist 7.24 loads it (import('scripts/config.js')) before Angular starts.
 *
 * Language: Chinese (zh, locales/zh.json) by default, English (en, shipped en.json) on request.
 *
 *   How stock Tasklist 7.24 chooses: at start-up it registers `locales.availableLocales` with
 *   angular-translate and calls determinePreferredLanguage() with a function that takes the
 *   browser's FIRST preferred language (navigator.languages[0], else navigator.language), cuts it
 *   at "-" ("en-US" -> "en", "zh-CN" -> "zh") and uses it if it is one of availableLocales;
 *   otherwise it uses `locales.fallbackLocale`. Nothing is stored (no cookie, no localStorage)
 *   and there is no language switch anywhere in the UI. So with availableLocales ['zh', 'en']
 *   alone, a browser set to English would still get English.
 *
 *   What ServiceStar adds: the custom script below (app/servicestar/webapp-integration.js) is
 *   imported before Angular boots, and registers a config block in Angular's "cam.tasklist.custom"
 *   module. That block runs after Camunda's own locale setup and overrides the browser-based
 *   guess: the language is the one the user picked in the account menu (top right, "English" /
 *   "中文", remembered per browser in localStorage under "servicestar.locale"), and when nothing
 *   was picked, `fallbackLocale` below, i.e. Chinese, whatever the browser prefers. It also makes
 *   the chosen language the translation fallback, so only one locale file is loaded and moment.js
 *   dates follow the chosen language.
 *
 * customScripts: paths are resolved against /camunda/app/tasklist/ and ".js" is appended, so
 * '../servicestar/webapp-integration' is /camunda/app/servicestar/webapp-integration.js, the one
 * script that Tasklist, Cockpit, Admin and Welcome all load (single sign-on glue: the account
 * menu's "log out" goes to the app's /logout, an ended session goes to the app's /login).
 */
export default {
  app: {
    name: '任务中心',
    vendor: '服务之星'
  },

  // the date formats are moment.js formats; they refer to the long date formats of the active
  // locale ("dateLocales" in locales/zh.json and en.json)
  dateFormat: {
    normal: 'LLL',
    long: 'LLLL'
  },

  locales: {
    availableLocales: ['zh', 'en'],
    fallbackLocale: 'zh'
  },

  customScripts: ['../servicestar/webapp-integration'],

  // csrfCookieName: 'XSRF-TOKEN',
  // disableWelcomeMessage: false,
  // assignProcessInstanceIdToTaskComment: true,

  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: '认领当前选中的任务'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: '将焦点移到过滤器列表中的第一个过滤器'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: '将焦点移到任务列表中的第一项任务'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: '将焦点移到任务表单的第一个输入项'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: '打开“发起流程”对话框'
    }
  }
};
