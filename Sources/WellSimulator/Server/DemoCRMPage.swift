import HTTPTypes
import Hummingbird
import NIOCore

/// A small static page that looks like a CRM's customer list, for trying click-to-call in a
/// browser: numbers as `tel:` links, as elements with the seed's click-to-call class (among them
/// the seed's own example `8001sd12`), as plain text, and one number in an element without the
/// class. It runs no script (its Content-Security-Policy allows none): what dials is the
/// browser extension, on a user's click.
public enum DemoCRMPage {
    /// Where the simulator serves it.
    public static let path = "/demo/crm"

    static func add<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Self.path)) { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.html)))
        }
    }

    /// The page.
    public static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Demo CRM — customers</title>
        <style>
          body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; color: #222; }
          h1 { font-size: 1.4rem; margin-bottom: .2rem; }
          p.hint { color: #555; margin-top: 0; }
          table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
          th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #ddd; }
          th { background: #f4f4f4; }
          .well-canBeCalled { color: #0a58ca; }
          code { background: #f4f4f4; padding: 0 .2rem; }
        </style>
        </head>
        <body>
        <h1>Demo CRM — customers</h1>
        <p class="hint">Served by the WellClient simulator. With the WellClient browser extension and
        <code>wellclient agent --demo</code> running, click a number to call it from extension 8001.</p>
        <table>
          <thead><tr><th>Customer</th><th>Company</th><th>Phone</th><th>How the number is marked</th></tr></thead>
          <tbody>
            <tr><td>Li Wei 李伟</td><td>Beijing Trading</td>
                <td><a id="tel-link" href="tel:+86 138-0013-8000">+86 138-0013-8000</a></td><td>a <code>tel:</code> link</td></tr>
            <tr><td>Zhang Min 张敏</td><td>Shanghai Logistics</td>
                <td><span id="class-seed" class="well-canBeCalled">8001sd12</span></td><td>the click-to-call class (the seed's example)</td></tr>
            <tr><td>Wang Fang 王芳</td><td>Shenzhen Electronics</td>
                <td><span id="class-mobile" class="well-canBeCalled">1380-0138-000</span></td><td>the click-to-call class</td></tr>
            <tr><td>Chen Jie 陈杰</td><td>Hangzhou Tea</td>
                <td><span id="class-nested" class="well-canBeCalled"><b>+86</b> 10 8002</span></td><td>the class, with markup inside</td></tr>
            <tr><td>Liu Yang 刘洋</td><td>Guangzhou Textiles</td>
                <td><span id="plain-text">139 0013 9000</span></td><td>plain text: select it, then right-click → Call</td></tr>
            <tr><td>Zhao Lei 赵磊</td><td>Chengdu Foods</td>
                <td><span id="no-class" class="phone">8003</span></td><td>no class: a click does nothing</td></tr>
          </tbody>
        </table>
        </body>
        </html>

        """
}
