/** The REST front-end: Spring MVC controllers, problem details, Server-Sent Events and OpenAPI over the facade. */
package org.crossnet.api.rest;
