package org.servicestar.security;

import org.springframework.security.authentication.LockedException;

/** Too many failed logins: refused without looking at the password, until the window has passed. */
class LoginThrottled extends LockedException {

  LoginThrottled(long minutes) {
    super("登录失败次数过多，已暂时锁定，请 " + minutes + " 分钟后再试（在此期间正确的密码也不会被接受）");
  }
}
