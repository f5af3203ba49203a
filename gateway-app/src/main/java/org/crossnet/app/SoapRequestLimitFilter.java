package org.crossnet.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.crossnet.spi.error.GatewayErrorCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps SOAP request bodies (CXF has no byte cap of its own): a declared {@code Content-Length} above the cap is
 * refused at once with 413 and a LIMIT_EXCEEDED fault; a chunked body is cut off with an I/O error once it passes
 * the cap, which CXF answers with a Client fault. XML-RPC and REST cap their bodies themselves.
 */
final class SoapRequestLimitFilter extends OncePerRequestFilter {
    private final long maxBytes;

    SoapRequestLimitFilter(long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("crossnet.soap-max-request: " + maxBytes + " (expected: >= 1024 bytes)");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            ApiRefusal.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    GatewayErrorCode.LIMIT_EXCEEDED, "Request too large",
                    "request body: " + declared + " bytes (expected: at most " + maxBytes + ")");
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream limited;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (limited == null) {
                    limited = new LimitedInputStream(super.getInputStream(), maxBytes);
                }
                return limited;
            }
        }, response);
    }

    /** Fails reads past the cap instead of handing more bytes to the parser. */
    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        LimitedInputStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("request body: more than " + max + " bytes (expected: at most " + max + ")");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
