/** End-to-end and security tests against the whole running gateway, through real third-party clients. */
package org.crossnet.app.e2e;
