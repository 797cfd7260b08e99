<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountTab</name>
    <message>
        <location filename="../../gui/views/account.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/app.py" line="+200"/>
        <source>Another SMS Console is already open for the profile “{0}”. Use that window; two consoles on one account could send the same campaign twice.</source>
        <translation>账户配置“{0}”已在另一个 SMS Console 窗口中打开。请使用那个窗口：同一账户同时打开两个控制台，可能会把同一个群发任务发送两次。</translation>
    </message>
</context>
<context>
    <name>BlockedWordsTab</name>
    <message>
        <location filename="../../gui/views/blocked_words.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Blocked words</source>
        <translation>屏蔽词</translation>
    </message>
</context>
<context>
    <name>BusyBar</name>
    <message>
        <location filename="../../gui/views/partials/busy.py" line="+27"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>CampaignsTab</name>
    <message>
        <location filename="../../gui/views/campaigns.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaigns</source>
        <translation>群发任务</translation>
    </message>
</context>
<context>
    <name>ComposeTab</name>
    <message>
        <location filename="../../gui/views/compose.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compose &amp;&amp; send</source>
        <translation>撰写与发送</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../gui/crash.py" line="+27"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside SMS Console. Your data is safe; the details were written to the log file. Please send them to support.</source>
        <translation>SMS Console 内部出现了问题。您的数据是安全的，详细信息已写入日志文件，请将其发送给技术支持。</translation>
    </message>
</context>
<context>
    <name>DataTableView</name>
    <message>
        <location filename="../../gui/views/partials/table_view.py" line="+28"/>
        <source>Copy selected rows</source>
        <translation>复制所选行</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/views/main_window.py" line="+56"/>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Profiles…</source>
        <translation>账户配置(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About SMS Console</source>
        <translation>关于 SMS Console(&amp;A)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>No profile</source>
        <translation>未选择账户配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Profile: {0}</source>
        <translation>账户配置：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plain http: the apikey travels unencrypted in every request. Use https if the gateway offers it.</source>
        <translation>明文 http：apikey 会在每个请求中以未加密的形式传输。如果网关支持 https，请改用 https。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance: …</source>
        <translation>余额：…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Balance: unknown</source>
        <translation>余额：未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balance: {0}</source>
        <translation>余额：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Balance: unavailable</source>
        <translation>余额：无法获取</translation>
    </message>
</context>
<context>
    <name>RecordsTab</name>
    <message>
        <location filename="../../gui/views/records.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Records</source>
        <translation>发送记录</translation>
    </message>
</context>
<context>
    <name>RepliesTab</name>
    <message>
        <location filename="../../gui/views/replies.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../gui/views/reports.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status reports</source>
        <translation>状态报告</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <location filename="../../gui/views/templates.py" line="+14"/>
        <source>This tab is being built.</source>
        <translation>此标签页正在建设中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
</context>
</TS>
