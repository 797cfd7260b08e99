<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gui/views/about_dialog.py" line="+38"/>
        <source>About {0}</source>
        <translation>关于 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A desktop console for operators of a Haotingyun SMS account.</source>
        <translation>好推云短信账户运营人员使用的桌面控制台。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Versions:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>looking…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyring:</source>
        <translation>密钥环：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings folder:</source>
        <translation>设置文件夹：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>AccountTab</name>
    <message>
        <location filename="../../gui/views/partials/account_fields.py" line="+13"/>
        <source>Name (nick)</source>
        <translation>名称（昵称）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP whitelist</source>
        <translation>IP 白名单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance alarm below</source>
        <translation>余额提醒阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emergency contact</source>
        <translation>紧急联系人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emergency mobile</source>
        <translation>紧急联系人手机号</translation>
    </message>
    <message>
        <location filename="../../gui/views/account.py" line="+86"/>
        <source>When the balance falls below the alarm amount the provider alerts the emergency contact. Change one or more fields, then save.</source>
        <translation>余额低于提醒阈值时，平台会通知紧急联系人。修改一项或多项后点击保存。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>whole number, e.g. 100</source>
        <translation>整数，例如 100</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>name of the person to alert</source>
        <translation>接收提醒的联系人姓名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mobile number, e.g. 13800138000</source>
        <translation>手机号，例如 13800138000</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="-50"/>
        <location line="+91"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>Alarm and emergency contact</source>
        <translation>余额提醒与紧急联系人</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Loading the account…</source>
        <translation>正在加载账户信息…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Account loaded.</source>
        <translation>账户信息已加载。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The account could not be loaded.</source>
        <translation>无法加载账户信息。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the account failed.</source>
        <translation>加载账户信息失败。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(none: any address)</source>
        <translation>（未设置：允许任意地址）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Load the account first.</source>
        <translation>请先加载账户信息。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The alarm amount is too large.</source>
        <translation>提醒金额过大。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The alarm amount must be a whole number of 0 or more.</source>
        <translation>提醒阈值必须是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The emergency contact is too long: at most {0} characters.</source>
        <translation>紧急联系人过长：最多 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The emergency contact cannot be emptied; enter a name.</source>
        <translation>紧急联系人不能清空，请输入姓名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The emergency mobile cannot be emptied; enter a number.</source>
        <translation>紧急联系人手机号不能清空，请输入号码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The emergency mobile must be a mainland China mobile number.</source>
        <translation>紧急联系手机号必须是中国大陆手机号。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The emergency mobile “{0}” is not valid: {1}.</source>
        <translation>紧急联系人手机号“{0}”无效：{1}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No changes.</source>
        <translation>没有修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Will change: {0}</source>
        <translation>将修改：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved. The values below are the ones the gateway now holds.</source>
        <translation>已保存。下面显示的是网关上当前的设置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saving failed; nothing was changed.</source>
        <translation>保存失败，未做任何修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving the account settings failed.</source>
        <translation>保存账户设置失败。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/views/profiles/flow.py" line="+161"/>
        <source>Another SMS Console is already open for the profile “{0}”. Use that window; two consoles on one account could send the same campaign twice.</source>
        <translation>账户配置“{0}”已在另一个 SMS Console 窗口中打开。请使用那个窗口：同一账户同时打开两个控制台，可能会把同一个群发任务发送两次。</translation>
    </message>
</context>
<context>
    <name>ArchiveView</name>
    <message>
        <location filename="../../gui/views/records/archive_model.py" line="+42"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provider record</source>
        <translation>平台记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Report only</source>
        <translation>仅状态报告</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sent (Beijing)</source>
        <translation>发送时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report status</source>
        <translation>状态报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received (Beijing)</source>
        <translation>接收时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sid</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign</source>
        <translation>群发任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uid</source>
        <translation>uid</translation>
    </message>
    <message>
        <location line="+142"/>
        <source>The archive sorts by time, number, report status or error</source>
        <translation>归档可按时间、号码、状态报告或错误排序</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(not known: only a report came)</source>
        <translation>（未知：只收到了状态报告）</translation>
    </message>
    <message>
        <location filename="../../gui/views/records/archive.py" line="+41"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit the search to the date range (otherwise: all the archive)</source>
        <translation>只在日期范围内查询（否则查询全部归档）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any number</source>
        <translation>任意号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text contains…</source>
        <translation>内容包含…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any report</source>
        <translation>任意状态报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✔ Delivered</source>
        <translation>✔ 已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✖ Failed</source>
        <translation>✖ 失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>… No report yet</source>
        <translation>… 暂无状态报告</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Any error</source>
        <translation>任意错误</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+129"/>
        <source>Any campaign</source>
        <translation>任意群发任务</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every row of this search (not only the loaded ones)</source>
        <translation>写出本次查询的所有行（不只是已加载的行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sync from provider…</source>
        <translation>从平台同步…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read the provider&apos;s send records (get_record) for the date range into the local archive. Interrupted syncs continue where they stopped; records already kept are not duplicated.</source>
        <translation>将平台在日期范围内的发送记录（get_record）读入本地归档。中断的同步会从中断处继续；已保存的记录不会重复。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The local archive keeps every message, report and record this profile has seen. Search it here, or press “Sync from provider…” to copy the provider&apos;s records for the date range.</source>
        <translation>本地归档保存此账户配置见过的所有短信、状态报告和发送记录。可在此查询，或点击“从平台同步…”复制平台在日期范围内的记录。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Reading the archive failed.</source>
        <translation>读取归档失败。</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>{0} rows loaded; counting…</source>
        <translation>已加载 {0} 行；正在计数…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} of {1} matching rows loaded (scroll for more)</source>
        <translation>已加载 {1} 条匹配行中的 {0} 条（滚动加载更多）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} matching rows</source>
        <translation>{0} 条匹配行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Exported {0} rows to {1}</source>
        <translation>已将 {0} 行导出到 {1}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The sync stopped. What was read is kept: Sync again to continue.</source>
        <translation>同步已停止。已读取的内容会保留：再次同步即可继续。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading the provider&apos;s records {0} – {1}…</source>
        <translation>正在读取平台记录 {0} – {1}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Day {0} ({1} of {2}), page {3}: {4} records read, {5} new</source>
        <translation>{0}（第 {1} 天，共 {2} 天），第 {3} 页：已读取 {4} 条记录，新增 {5} 条</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sync cancelled after {0} records ({1} new). Sync again to continue.</source>
        <translation>读取 {0} 条记录（新增 {1} 条）后同步已取消。再次同步即可继续。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced {0} records ({1} new to the archive).</source>
        <translation>已同步 {0} 条记录（归档新增 {1} 条）。</translation>
    </message>
</context>
<context>
    <name>AuditDetail</name>
    <message>
        <location filename="../../gui/views/audit_detail_text.py" line="+26"/>
        <source>Single send</source>
        <translation>单条发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch send (same text)</source>
        <translation>批量发送（相同内容）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personalised send (a text per number)</source>
        <translation>个性化发送（每个号码不同内容）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Campaign #{0} “{1}”</source>
        <translation>群发任务 #{0}“{1}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign #{0}</source>
        <translation>群发任务 #{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1} of {2} accepted, {3} parts</source>
        <translation>{0}：{2} 条中 {1} 条被接受，共 {3} 条计费短信</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}: {1} in doubt (the gateway may have taken them)</source>
        <translation>{0}：{1} 条结果不明（网关可能已接受）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Test send</source>
        <translation>测试发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test send for campaign #{0}</source>
        <translation>群发任务 #{0} 的测试发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}, the failed rows of campaign #{1} again</source>
        <translation>{0}，重发群发任务 #{1} 的失败行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}; no row was left to send</source>
        <translation>{0}；没有待发送的行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}; the cost is the estimate confirmed</source>
        <translation>{0}；费用为确认时的预估</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0}, after a pause</source>
        <translation>{0}，暂停后继续</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Template {0}, changed: {1}</source>
        <translation>模板 {0}，修改了：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template {0}</source>
        <translation>模板 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changed: {0}</source>
        <translation>修改了：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported from a file</source>
        <translation>从文件导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From replies (opt-outs)</source>
        <translation>来自回复（退订）</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <location filename="../../gui/views/audit_dialog.py" line="+46"/>
        <location line="+33"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Every send, campaign start, pause, resume and cancel, template change, account setting and suppression list change of this profile, with who did it, on which computer, and what it cost. The log cannot be changed.</source>
        <translation>本配置的每次发送、群发开始/暂停/继续/取消、模板变更、账户设置和屏蔽名单变更，以及操作人、所用电脑和费用。日志不可修改。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+23"/>
        <location line="+54"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Any action</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+19"/>
        <location line="+50"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Any operator</source>
        <translation>全部操作员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write every entry the filters match to a file</source>
        <translation>将符合筛选条件的全部记录写入文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No entries for these filters.</source>
        <translation>没有符合筛选条件的记录。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign start</source>
        <translation>群发开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign pause</source>
        <translation>群发暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign resume</source>
        <translation>群发继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign cancel</source>
        <translation>群发取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template added</source>
        <translation>新增模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template changed</source>
        <translation>修改模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template deleted</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account settings changed</source>
        <translation>修改账户设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suppression list: added</source>
        <translation>屏蔽名单：添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suppression list: removed</source>
        <translation>屏蔽名单：移除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Time (Beijing)</source>
        <translation>时间（北京）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computer</source>
        <translation>电脑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The audit log could not be read.</source>
        <translation>无法读取审计日志。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reading the audit log…</source>
        <translation>正在读取审计日志…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} entries</source>
        <translation>共 {0} 条</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} entries written to {1}.</source>
        <translation>已将 {0} 条记录写入 {1}。</translation>
    </message>
</context>
<context>
    <name>BalanceBanner</name>
    <message>
        <location filename="../../gui/views/partials/balance_banner.py" line="+51"/>
        <source>The balance ({0}) is below the account&apos;s alarm amount ({1}). Top up the account before sending more.</source>
        <translation>余额（{0}）已低于账户的余额提醒金额（{1}）。请先充值再继续发送。</translation>
    </message>
</context>
<context>
    <name>BlockedWordsTab</name>
    <message>
        <location filename="../../gui/views/blocked_words.py" line="+40"/>
        <source>Paste a message to see whether it contains words the gateway blocks (a send with one fails with code 4). Found words are highlighted.</source>
        <translation>粘贴短信内容，检查其中是否含有网关屏蔽的词语（含屏蔽词的短信发送会失败，错误码 4）。检出的屏蔽词会高亮显示。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text to check</source>
        <translation>待检查的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>【Your signature】The message you want to send…</source>
        <translation>【您的签名】要发送的短信内容…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Blocked words found</source>
        <translation>检出的屏蔽词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not checked yet.</source>
        <translation>尚未检查。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Blocked words</source>
        <translation>屏蔽词</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} characters</source>
        <translation>{0} 个字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The text changed since the check; check again.</source>
        <translation>检查之后内容已改动，请重新检查。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No blocked words found.</source>
        <translation>未发现屏蔽词。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0}  (×{1})</source>
        <translation>{0}  （×{1}）</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n blocked word(s) found, highlighted in the text. Remove or rephrase them before sending.</source>
        <translation>
            <numerusform>发现 %n 个屏蔽词，已在内容中高亮显示。发送前请删除或改写。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The check failed.</source>
        <translation>检查失败。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the text for blocked words failed.</source>
        <translation>屏蔽词检查失败。</translation>
    </message>
</context>
<context>
    <name>BusyBar</name>
    <message>
        <location filename="../../gui/views/partials/busy.py" line="+29"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>CampaignsTab</name>
    <message>
        <location filename="../../gui/views/campaigns/common.py" line="+22"/>
        <source>not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in doubt</source>
        <translation>结果不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>suppressed</source>
        <translation>黑名单排除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ready</source>
        <translation>可发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blocked words</source>
        <translation>屏蔽词</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>settling rows in doubt</source>
        <translation>正在核实结果不明的行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped (resumable)</source>
        <translation>已停止（可继续）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/page.py" line="+47"/>
        <source>Campaigns</source>
        <translation>群发任务</translation>
    </message>
    <message>
        <location line="+11"/>
        <location filename="../../gui/views/campaigns/past.py" line="+96"/>
        <location filename="../../gui/views/campaigns/presenter.py" line="+164"/>
        <location filename="../../gui/views/campaigns/running.py" line="+33"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New campaign</source>
        <translation>新建群发任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/views/campaigns/past.py" line="-7"/>
        <source>Past campaigns</source>
        <translation>历史群发任务</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="+55"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../gui/views/campaigns/reading.py" line="+171"/>
        <source>No file chosen.</source>
        <translation>未选择文件。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Columns and text</source>
        <translation>列与内容</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Number column:</source>
        <translation>号码列：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>【Signature】Text with #variables# from the columns</source>
        <translation>【签名】内容，可用 #变量# 引用各列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Variables:</source>
        <translation>变量：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing text</source>
        <translation>营销短信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance counts messages</source>
        <translation>余额按条数计</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your account&apos;s price for one message part, as on your bill. The console never guesses it.</source>
        <translation>您账户每条计费短信的单价（以账单为准）。控制台从不猜测单价。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price per part</source>
        <translation>每条单价</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Price per part:</source>
        <translation>单价（每条）：</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>“{0}” is not a price: write the price per part in digits, e.g. 0.05.</source>
        <translation>“{0}”不是价格：请用数字填写每条单价，例如 0.05。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All ({0})</source>
        <translation>全部（{0}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ready: {0} · not sendable: {1} (rejected {2}, duplicates {3}, suppressed {4}, text refused {5}) · parts: {6} · cost: {7} (balance {8}) · estimated duration: {9} · blocked-word checks: {10}</source>
        <translation>可发送：{0} · 无法发送：{1}（被拒绝 {2}，重复 {3}，黑名单排除 {4}，内容被拒 {5}）· 计费条数：{6} · 费用：{7}（余额 {8}）· 预计耗时：{9} · 屏蔽词检查：{10} 次</translation>
    </message>
    <message>
        <location line="-210"/>
        <location line="+67"/>
        <location filename="../../gui/views/campaigns/reading.py" line="+9"/>
        <location line="+4"/>
        <location line="+7"/>
        <location line="+48"/>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>A CSV (UTF-8 or GBK, comma, tab or semicolon) or XLSX file, at most {0} rows</source>
        <translation>CSV 文件（UTF-8 或 GBK 编码，逗号、制表符或分号分隔）或 XLSX 文件，最多 {0} 行</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Export dry run…</source>
        <translation>导出试运行结果…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your own number</source>
        <translation>您自己的号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../gui/views/campaigns/presenter.py" line="-120"/>
        <location line="+15"/>
        <location line="+9"/>
        <location line="+17"/>
        <source>Test send</source>
        <translation>测试发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send even if the balance looks too low</source>
        <translation>余额看似不足时仍然发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/views/campaigns/presenter.py" line="+14"/>
        <location line="+30"/>
        <source>Start campaign</source>
        <translation>开始群发</translation>
    </message>
    <message>
        <location line="-89"/>
        <location filename="../../gui/views/campaigns/past.py" line="+60"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/views/campaigns/past.py" line="+1"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/views/campaigns/past.py" line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../gui/views/campaigns/past.py" line="+6"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="-3"/>
        <location filename="../../gui/views/campaigns/past.py" line="-75"/>
        <location line="+72"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>International</source>
        <translation>国际号码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Choose a file, write the text, then run a dry run: every row is shown here with its text, parts and cost before anything is sent.</source>
        <translation>选择文件、填写内容，然后试运行：在真正发送之前，每一行都会连同内容、计费条数和费用显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/running.py" line="-10"/>
        <source>No campaign is running.</source>
        <translation>没有正在运行的群发任务。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter.py" line="+141"/>
        <location filename="../../gui/views/campaigns/running.py" line="+2"/>
        <source>Cancel campaign</source>
        <translation>取消群发任务</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/past.py" line="-86"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned</source>
        <translation>计划数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In doubt</source>
        <translation>结果不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Left out</source>
        <translation>已排除</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+70"/>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Campaigns you send appear here with their totals.</source>
        <translation>您发送的群发任务会连同汇总数据显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open results</source>
        <translation>查看结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../gui/views/campaigns/presenter.py" line="-84"/>
        <source>Retry failed rows</source>
        <translation>重试失败的行</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+87"/>
        <source>Settle in-doubt rows</source>
        <translation>核实结果不明的行</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Look up the rows in doubt in the provider&apos;s records (nothing is sent): rows found are marked sent, rows not found after the grace period are marked not sent.</source>
        <translation>到平台的发送记录中查找结果不明的行（不会发送任何短信）：找到的行标记为已发送，宽限期过后仍未找到的行标记为未发送。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Show the rows with this status</source>
        <translation>显示此状态的行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export results…</source>
        <translation>导出结果…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>sid</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="-28"/>
        <location filename="../../gui/views/campaigns/past.py" line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/past.py" line="+10"/>
        <source>Results of the open campaign</source>
        <translation>已打开群发任务的结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a campaign to see every row&apos;s result.</source>
        <translation>打开一个群发任务即可查看每一行的结果。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="-118"/>
        <source>The price per part could not be saved.</source>
        <translation>无法保存每条单价。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="+184"/>
        <source>Enter your account&apos;s price per part (the price of one message part, as on your bill) first. The dry run and the confirmation before sending show the cost with it; the console never guesses it.</source>
        <translation>请先输入您账户的每条单价（每条计费短信的价格，以账单为准）。试运行和发送前的确认会据此显示费用；控制台从不猜测单价。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/page.py" line="+83"/>
        <source>The campaign “{0}” was interrupted: {1} rows not sent yet, {2} in doubt. Resume it? Rows with a result are never sent again; rows in doubt are looked up in the provider&apos;s records first.</source>
        <translation>群发任务“{0}”已中断：{1} 行尚未发送，{2} 行结果不明。是否继续？已有结果的行绝不会重发；结果不明的行会先到平台的发送记录中核实。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+26"/>
        <source>Choose the recipients&apos; file</source>
        <translation>选择接收人文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Spreadsheets (*.csv *.xlsx *.txt)</source>
        <translation>表格文件 (*.csv *.xlsx *.txt)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="-73"/>
        <source>{0}: {1} rows, {2} columns</source>
        <translation>{0}：{1} 行，{2} 列</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+11"/>
        <source>The file cannot be imported</source>
        <translation>无法导入该文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reading the file failed.</source>
        <translation>读取文件失败。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="+15"/>
        <source>The file has more than {0} rows. A campaign holds at most {0} rows: split the file and import the parts one after the other.</source>
        <translation>文件超过 {0} 行。一个群发任务最多 {0} 行：请拆分文件后依次导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only CSV and XLSX files can be imported.</source>
        <translation>只能导入 CSV 和 XLSX 文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and try again.</source>
        <translation>文件既不是 UTF-8 也不是 GBK 编码。请另存为“CSV UTF-8”后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file has no rows.</source>
        <translation>文件中没有数据行。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Column for #{0}#</source>
        <translation>#{0}# 对应的列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(choose a column)</source>
        <translation>（选择一列）</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+5"/>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the text first.</source>
        <translation>请先填写内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose a column for: {0}</source>
        <translation>请为以下变量选择列：{0}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Dry run: checking every row…</source>
        <translation>试运行：正在检查每一行…</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/new.py" line="+67"/>
        <location line="+1"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Marketing texts must carry an opt-out line such as 回T退订 or 拒收请回复R.</source>
        <translation>营销短信必须带有退订提示，例如“回T退订”或“拒收请回复R”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing texts should only be sent between 08:00 and 20:00 (Beijing time); this campaign would send at {start}–{end}.</source>
        <translation>营销短信只应在 08:00 至 20:00（北京时间）之间发送；此群发任务将在 {start}–{end} 发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} international numbers are sent one per call.</source>
        <translation>{count} 个国际号码将逐个调用发送。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The text itself contains blocked words: {words}.</source>
        <translation>内容本身含有屏蔽词：{words}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The balance ({balance}) does not cover the estimated cost ({cost}). Sending is refused unless you tick the override.</source>
        <translation>余额（{balance}）不足以支付预估费用（{cost}）。除非勾选强制发送，否则不会发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The balance could not be read; check it before sending.</source>
        <translation>无法读取余额；发送前请先核实。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+20"/>
        <source>These variables have no column: {0}</source>
        <translation>以下变量没有对应的列：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The dry run failed.</source>
        <translation>试运行失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export the dry run</source>
        <translation>导出试运行结果</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter_base.py" line="+109"/>
        <source>The profile was switched after this send was worked out, so it was refused: nothing was sent, from either account. Check the active profile and start again.</source>
        <translation>这次发送是在切换配置之前算好的，因此已被拒绝：两个账户都没有发出任何短信。请确认当前配置后重新开始。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Cancelled; nothing was sent.</source>
        <translation>已取消，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is no row to send.</source>
        <translation>没有可发送的行。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>What the send would cost could not be worked out.</source>
        <translation>无法计算此次发送的费用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Working out what it sends and costs…</source>
        <translation>正在计算发送内容和费用…</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter.py" line="-142"/>
        <source>Enter your own number first.</source>
        <translation>请先输入您自己的号码。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter_base.py" line="-8"/>
        <source>“{0}” is not a number the test can go to: {1}</source>
        <translation>“{0}”不是可以接收测试短信的号码：{1}</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter.py" line="+16"/>
        <source>The first row&apos;s text was sent to {0} (sid {1}). Check it on your phone, then start the campaign.</source>
        <translation>第一行的内容已发送到 {0}（SID {1}）。请在手机上确认后再开始群发。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The provider refused the test: {0} ({1})</source>
        <translation>平台拒绝了测试发送：{0}（{1}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The test send failed.</source>
        <translation>测试发送失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending the test message…</source>
        <translation>正在发送测试短信…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Test send cancelled; nothing was sent.</source>
        <translation>已取消测试发送，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The balance does not cover the estimated cost. Top up, or tick “Send even if the balance looks too low” if your account counts its balance differently.</source>
        <translation>余额不足以支付预估费用。请充值；如果您的账户余额计算方式不同，可勾选“余额看似不足时仍然发送”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>campaign</source>
        <translation>群发任务</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Start cancelled; nothing was sent.</source>
        <translation>已取消开始群发，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Resume cancelled; nothing was sent.</source>
        <translation>已取消继续群发，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Retry cancelled; nothing was sent.</source>
        <translation>已取消重发失败行，未发送任何短信。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/running.py" line="+9"/>
        <source>Campaign {0} is running.</source>
        <translation>群发任务 {0} 正在运行。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Pausing — {0} already submitted · sent {1} · failed {2} · in doubt {3} · to send {4}</source>
        <translation>正在暂停 — 已提交 {0} 条（无法撤回）· 已发送 {1} · 失败 {2} · 结果不明 {3} · 待发送 {4}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paused — {0} sent · failed {1} · in doubt {2} · to send {3}</source>
        <translation>已暂停 — 已发送 {0} · 失败 {1} · 结果不明 {2} · 待发送 {3}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} · sent {1} · failed {2} · in doubt {3} · to send {4}</source>
        <translation>{0} · 已发送 {1} · 失败 {2} · 结果不明 {3} · 待发送 {4}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} · sent {1} · failed {2} · in doubt {3} · to send {4} · {5:.0f} rows/s · time left {6}</source>
        <translation>{0} · 已发送 {1} · 失败 {2} · 结果不明 {3} · 待发送 {4} · {5:.0f} 行/秒 · 剩余时间 {6}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Campaign {0} is pausing.</source>
        <translation>群发任务 {0} 正在暂停。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Campaign {0} is paused.</source>
        <translation>群发任务 {0} 已暂停。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter.py" line="+84"/>
        <source>Stop this campaign? Rows not sent yet stay unsent; you can send them later as a new campaign.</source>
        <translation>停止此群发任务？尚未发送的行将保持未发送；之后可以作为新的群发任务发送。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/running.py" line="+10"/>
        <source>Campaign {0}: {1}.</source>
        <translation>群发任务 {0}：{1}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/presenter.py" line="+41"/>
        <source>The campaign stopped on an unexpected error: {0}. Resume it from Past campaigns; rows already sent are not sent again.</source>
        <translation>群发任务因意外错误而停止：{0}。可在“历史群发任务”中继续；已发送的行不会再次发送。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The campaign was paused. Fix the problem, then resume it from Past campaigns.</source>
        <translation>群发任务已暂停。请解决问题后在“历史群发任务”中继续。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The campaign stopped; it can be resumed.</source>
        <translation>群发任务已停止，可以继续。</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/past.py" line="+15"/>
        <source>Settle in-doubt rows ({0})</source>
        <translation>核实结果不明的行（{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+70"/>
        <source>The provider&apos;s records could not be read; the rows stay in doubt. Try again later.</source>
        <translation>无法读取平台的发送记录；这些行仍为结果不明。请稍后重试。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking up the rows in doubt in the provider&apos;s records…</source>
        <translation>正在平台的发送记录中查找结果不明的行…</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/past.py" line="+13"/>
        <source>Campaign {0}: {1} rows found in the provider&apos;s records (sent), {2} rows not found (not sent).</source>
        <translation>群发任务 {0}：{1} 行在平台的发送记录中找到（已发送），{2} 行未找到（未发送）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rows not sent are sent if you resume the campaign.</source>
        <translation>继续该群发任务即可发送未发送的行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} rows were sent too recently to be looked up: the provider&apos;s records can lag behind. Try again after {1}.</source>
        <translation>{0} 行发送时间太近，暂时无法核实：平台的发送记录可能有延迟。请在 {1} 之后重试。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Results of campaign {0}: {1} rows</source>
        <translation>群发任务 {0} 的结果：{1} 行</translation>
    </message>
    <message>
        <location filename="../../gui/views/campaigns/reading.py" line="+38"/>
        <source>Export the results</source>
        <translation>导出结果</translation>
    </message>
</context>
<context>
    <name>CarrierCode</name>
    <message>
        <location filename="../../gui/views/partials/code_explain.py" line="+30"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not be delivered</source>
        <translation>无法送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expired: the phone stayed unreachable (off, no signal)</source>
        <translation>已过期：手机一直无法接通（关机、无信号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected by the carrier</source>
        <translation>被运营商拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted by the carrier before delivery</source>
        <translation>送达前被运营商删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The carrier gave no final state</source>
        <translation>运营商未返回最终状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted by the carrier; no final state yet</source>
        <translation>运营商已接收，尚无最终状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On its way to the phone; no final state yet</source>
        <translation>正在发往手机，尚无最终状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is on a blacklist</source>
        <translation>号码在黑名单中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number does not exist (空号)</source>
        <translation>号码不存在（空号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is on the carrier&apos;s blacklist</source>
        <translation>号码在运营商黑名单中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is suspended</source>
        <translation>号码已停机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The phone is switched off or suspended</source>
        <translation>手机关机或停机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The phone&apos;s message storage is full</source>
        <translation>手机短信存储已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The phone is switched off</source>
        <translation>手机已关机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suspended for unpaid bills</source>
        <translation>欠费停机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number is suspended (carrier network)</source>
        <translation>号码已停机（运营商网络）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The carrier&apos;s gateway refused the message (flow control)</source>
        <translation>运营商网关拒绝了短信（流量控制）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A problem on the phone&apos;s side (off, full, suspended)</source>
        <translation>手机端问题（关机、存储满、停机）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The subscriber&apos;s account (suspended, unpaid)</source>
        <translation>用户账户问题（停机、欠费）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused by the carrier&apos;s number database</source>
        <translation>被运营商号码库拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A problem in the carrier&apos;s network</source>
        <translation>运营商网络问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused by the carrier&apos;s gateway</source>
        <translation>被运营商网关拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A carrier code with no known explanation: ask the provider what it means</source>
        <translation>运营商代码，暂无已知解释：请向服务商询问其含义</translation>
    </message>
</context>
<context>
    <name>ComposeInDoubt</name>
    <message>
        <location filename="../../gui/views/compose/in_doubt.py" line="+37"/>
        <source>Not sent: the previous send of this text to these numbers is not settled yet — Check now. {0}</source>
        <translation>未发送：之前向这些号码发送的同一内容尚未核对确认——请点击“立即核对”。{0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%n message(s) in doubt: their send got no answer; they may have been delivered. Nothing is sent to them again until the records settle it.</source>
        <translation>%n 条短信结果不明：发送请求没有收到回答，可能已经送达。在发送记录核对确认之前，不会再向它们发送。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Checking the records failed; the messages stay in doubt and nothing was sent. The console tries again in about a minute.</source>
        <translation>核对发送记录失败；这些短信仍为结果不明，没有发送任何内容。控制台约一分钟后会再次尝试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checking the records for the messages in doubt failed.</source>
        <translation>核对结果不明的短信时查询发送记录失败。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Looking the messages in doubt up in the records…</source>
        <translation>正在发送记录中查询结果不明的短信…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>found in the provider&apos;s records: sent</source>
        <translation>已在平台发送记录中找到：已发送</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%n found in the records: sent.</source>
        <translation>%n 条在发送记录中找到：已发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%n not in the records after the grace period: not sent — use the failed numbers for a new send.</source>
        <translation>%n 条在等待期过后仍不在发送记录中：未发送——可用失败号码重新发送。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%n not in the records yet (they can lag); checked again by itself in about {0} s.</source>
        <translation>%n 条暂未出现在发送记录中（记录可能有延迟）；约 {0} 秒后自动再次核对。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is in doubt.</source>
        <translation>没有结果不明的短信。</translation>
    </message>
</context>
<context>
    <name>ComposeMessage</name>
    <message>
        <location filename="../../gui/views/compose/message.py" line="+46"/>
        <source>Message</source>
        <translation>短信内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>【Your signature】Your message. It must match one of your approved templates.</source>
        <translation>【您的签名】短信内容。必须与某个审核通过的模板匹配。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edit as free text</source>
        <translation>按自由文本编辑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop following the template and edit the text freely. It must still match an approved template.</source>
        <translation>不再跟随模板，自由编辑内容。内容仍须与某个审核通过的模板匹配。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. 0.05</source>
        <translation>例如 0.05</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Price per part:</source>
        <translation>单价（每条）：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default {0}: {1}</source>
        <translation>默认模板 {0}：{1}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Template {0}: {1}</source>
        <translation>模板 {0}：{1}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Replace the text?</source>
        <translation>替换已输入的内容？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading template {0} replaces the text you typed. Replace it?</source>
        <translation>载入模板 {0} 会替换您已输入的内容。确定替换吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Values here apply to every row; a cell in the table overrides them for its number.</source>
        <translation>此处的值适用于每一行；表格中的单元格会覆盖对应号码的值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill in the template&apos;s variables:</source>
        <translation>填写模板变量：</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%n row(s) ready</source>
        <translation>%n 行可发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n row(s) with problems (not sent):</source>
        <translation>%n 行有问题（不发送）：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Will send to {0}</source>
        <translation>将发送到 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not a valid number: {0}</source>
        <translation>号码无效：{0}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{0} per part</source>
        <translation>每条 {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>per part</source>
        <translation>每条</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown: learned from the first send, or type it</source>
        <translation>未知：首次发送后自动获得，也可手动输入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>learned from the last send</source>
        <translation>来自上次发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set by you</source>
        <translation>手动设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not a price: type a number such as 0.05</source>
        <translation>不是有效价格：请输入数字，例如 0.05</translation>
    </message>
</context>
<context>
    <name>ComposePresenter</name>
    <message>
        <location filename="../../gui/views/compose/presenter.py" line="+58"/>
        <source>Loading templates and balance…</source>
        <translation>正在加载模板和余额…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The templates and balance could not be loaded.</source>
        <translation>无法加载模板和余额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the templates for compose failed.</source>
        <translation>加载发送用的模板失败。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no text to check yet.</source>
        <translation>还没有可检查的内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checking for blocked words failed.</source>
        <translation>屏蔽词检查失败。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking for blocked words…</source>
        <translation>正在检查屏蔽词…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Blocked words found: {0}. They are highlighted; remove or rephrase them — a text with a blocked word is refused (code 4).</source>
        <translation>发现屏蔽词：{0}。已高亮显示；请删除或改写——含屏蔽词的短信会被拒绝（错误码 4）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No blocked words found.</source>
        <translation>未发现屏蔽词。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Checking the message before sending…</source>
        <translation>正在发送前检查短信…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+78"/>
        <source>Not sent: the profile was switched after this send was planned.</source>
        <translation>未发送：这次发送计划好之后切换了配置。</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Not sent: the text contains blocked words ({0}), highlighted above. Remove or rephrase them.</source>
        <translation>未发送：内容含有屏蔽词（{0}），已在上方高亮显示。请删除或改写。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not sent: every number is on the suppression list (they asked not to be contacted).</source>
        <translation>未发送：所有号码都在黑名单中（对方要求不再接收短信）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not sent: the estimated cost {0} exceeds the balance {1}. Top up the account, or tick “Send even if the estimate exceeds the balance” and send again.</source>
        <translation>未发送：预估费用 {0} 超过余额 {1}。请为账户充值，或勾选“预估费用超过余额时仍然发送”后重新发送。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not sent: {0}</source>
        <translation>未发送：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the message before sending failed; nothing was sent.</source>
        <translation>发送前检查短信失败，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not sent: the team database cannot be reached. In team mode nothing is sent until it answers again (see the banner above); nothing was queued.</source>
        <translation>未发送：无法连接团队数据库。团队模式下恢复连接前不会发送（见上方横幅）；也没有排队待发。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%n number(s) on the suppression list left out: </source>
        <translation>已排除黑名单中的 %n 个号码：</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Send cancelled; nothing was sent.</source>
        <translation>已取消发送，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The confirmation was not valid for this send; nothing was sent.</source>
        <translation>此次发送的确认无效，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The send failed.</source>
        <translation>发送失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending to %n number(s)…</source>
        <translation>正在发送给 %n 个号码…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>In doubt — do not resend; check Records. The request went out but no answer came back: the messages may have been delivered and billed. “Check now” looks them up in the records; the console also checks by itself in about {0} s.</source>
        <translation>结果不明——请勿重发；请核对发送记录。请求已发出但没有收到回答：短信可能已发送并扣费。“立即核对”会在发送记录中查询；控制台也会在约 {0} 秒后自动核对。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The gateway could not be reached; nothing was sent.</source>
        <translation>无法连接网关，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The gateway refused the send; nothing was sent.</source>
        <translation>网关拒绝了发送请求，未发送任何短信。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sent to %n number(s).</source>
        <translation>已发送给 %n 个号码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n failed; see the results.</source>
        <translation>%n 个失败，请查看结果。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Code {0}: {1}</source>
        <translation> 错误码 {0}：{1}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The send went through, but recording it in the local store failed.</source>
        <translation>发送成功，但写入本地记录失败。</translation>
    </message>
</context>
<context>
    <name>ComposeRecipients</name>
    <message>
        <location filename="../../gui/views/compose/recipients.py" line="+37"/>
        <source>Recipients</source>
        <translation>接收号码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Number to send to</source>
        <translation>接收号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One number, e.g. 13800138000 or +44 7911 123456</source>
        <translation>一个号码，例如 13800138000 或 +44 7911 123456</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Numbers and their values</source>
        <translation>号码及其变量值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove rows</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste from Excel</source>
        <translation>从 Excel 粘贴</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy the cells in Excel (number first, then one column per variable, in the order shown) and paste. A header row naming the columns is recognised.</source>
        <translation>在 Excel 中复制单元格（第一列为号码，之后按所示顺序每个变量一列）后粘贴。可识别带列名的表头行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The text of the selected row appears here.</source>
        <translation>选中行的短信内容会显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>【Your signature】Your message. It must match one of your approved templates.</source>
        <translation>【您的签名】短信内容。必须与某个审核通过的模板匹配。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The clipboard holds no rows to paste.</source>
        <translation>剪贴板中没有可粘贴的行。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>That makes more than {0} rows. A quick send is one call of at most {0} numbers; use the Campaigns tab for larger lists and for files.</source>
        <translation>超过了 {0} 行。快速发送每次调用最多 {0} 个号码；更大的名单或文件请使用“群发任务”标签页。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%n row(s) pasted.</source>
        <translation>已粘贴 %n 行。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Row {0}: “{1}” — {2}</source>
        <translation>第 {0} 行：“{1}” — {2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Row {0}: {1} — duplicate, sent once</source>
        <translation>第 {0} 行：{1} — 重复，只发送一次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Row {0}: the text is empty</source>
        <translation>第 {0} 行：内容为空</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Row {0}: no value for {1}</source>
        <translation>第 {0} 行：{1} 没有值</translation>
    </message>
</context>
<context>
    <name>ComposeRequest</name>
    <message>
        <location filename="../../gui/views/compose/request.py" line="+36"/>
        <source>Add at least one row with a valid number and its values.</source>
        <translation>请至少添加一行有效号码及其变量值。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No row can be sent:</source>
        <translation>没有可以发送的行：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%n row(s) left out:</source>
        <translation>%n 行被排除：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Fill in the template&apos;s variables: {0}</source>
        <translation>请填写模板变量：{0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter the number to send to.</source>
        <translation>请输入接收号码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{0}” is not a valid number: {1}.</source>
        <translation>“{0}”不是有效号码：{1}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter at least one valid number.</source>
        <translation>请至少输入一个有效号码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None of the numbers is valid; see the list under the numbers.</source>
        <translation>没有一个号码有效；请查看号码下方的列表。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%n invalid number(s) left out.</source>
        <translation>已排除 %n 个无效号码。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%n duplicate(s) sent once.</source>
        <translation>%n 个重复号码只发送一次。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>International numbers go one per call: send {0} on its own in Single mode.</source>
        <translation>国际号码每次调用只能发送一个：请用“单条发送”单独发送 {0}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Text of {0}: {1}</source>
        <translation>{0} 的内容：{1}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} numbers: a quick send is one call of at most {1} numbers. Use the Campaigns tab for larger lists and for numbers from a file; it sends in steps and can resume.</source>
        <translation>{0} 个号码：快速发送每次调用最多 {1} 个号码。更大的名单或文件中的号码请使用“群发任务”标签页，它会分批发送并可断点续发。</translation>
    </message>
</context>
<context>
    <name>ComposeResults</name>
    <message>
        <location filename="../../gui/views/compose/results.py" line="+36"/>
        <source>Sent</source>
        <translation>✔ 已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>✖ 失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent</source>
        <translation>✖ 未发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In doubt — do not resend; check Records</source>
        <translation>结果不明——请勿重发，请到发送记录中核实</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Results of the last send</source>
        <translation>上次发送的结果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Check now</source>
        <translation>立即核对</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Look these numbers up in the provider&apos;s records: found means sent; not found after the grace period means not sent, and they are offered for a new send.</source>
        <translation>在平台的发送记录中查询这些号码：查到即已发送；等待期过后仍查不到即未发送，可用于重新发送。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing sent yet in this session.</source>
        <translation>本次会话尚未发送。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result details</source>
        <translation>结果说明</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>After a send, every number&apos;s result appears here: code, result details, parts, fee and sid.</source>
        <translation>发送后，每个号码的结果会显示在这里：错误码、结果说明、计费条数、费用和 SID。</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fee</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SID</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Copy failed numbers</source>
        <translation>复制失败的号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use failed numbers for a new send</source>
        <translation>用失败的号码重新发送</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%n sent</source>
        <translation>%n 个已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%n failed</source>
        <translation>%n 个失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%n in doubt (do not resend; check Records)</source>
        <translation>%n 个结果不明（请勿重发，请到发送记录中核实）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} part(s), fee {1}</source>
        <translation>{0} 条，费用 {1}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%n failed number(s) copied.</source>
        <translation>已复制 %n 个失败的号码。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%n failed number(s) ready for a new send. Check the reasons first: resending as is fails again for most codes.</source>
        <translation>%n 个失败的号码已准备好重新发送。请先查看失败原因：对大多数错误码，原样重发仍会失败。</translation>
    </message>
</context>
<context>
    <name>ComposeTab</name>
    <message>
        <location filename="../../gui/views/compose/page.py" line="+114"/>
        <source>Compose &amp;&amp; send</source>
        <translation>发送短信</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Single</source>
        <translation>单条发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch (same text)</source>
        <translation>批量发送（相同内容）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personalised (a text per number)</source>
        <translation>个性化发送（每个号码不同内容）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the templates and the balance again</source>
        <translation>重新获取模板和余额</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mode:</source>
        <translation>发送方式：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start from:</source>
        <translation>内容来源：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Check blocked words</source>
        <translation>检查屏蔽词</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send even if the estimate exceeds the balance</source>
        <translation>预估费用超过余额时仍然发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send…</source>
        <translation>发送…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Nothing sent yet in this session.</source>
        <translation>本次会话尚未发送。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Template {0} loaded; fill in its variables.</source>
        <translation>已载入模板 {0}，请填写变量。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template {0} loaded.</source>
        <translation>已载入模板 {0}。</translation>
    </message>
</context>
<context>
    <name>ConfirmSendDialog</name>
    <message>
        <location filename="../../gui/views/compose/presenter.py" line="-85"/>
        <source>The estimate exceeds the balance; you chose to send anyway.</source>
        <translation>预估费用超过余额；您已选择仍然发送。</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../gui/crash.py" line="+30"/>
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
        <location filename="../../gui/views/partials/table_view.py" line="+40"/>
        <source>Copy selected rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
</context>
<context>
    <name>DatabaseBanner</name>
    <message>
        <location filename="../../gui/views/partials/database_banner.py" line="+46"/>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask the team database again</source>
        <translation>再次连接团队数据库</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot reach the team database of the profile {0} (last tried {1}). Nothing is sent until it answers again; what is loaded stays readable. {2}</source>
        <translation>无法连接账户配置 {0} 的团队数据库（最近一次尝试：{1}）。恢复连接前不会发送任何短信；已加载的内容仍可查看。{2}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details: {0}</source>
        <translation>详情：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trying to reach the team database again…</source>
        <translation>正在重新连接团队数据库…</translation>
    </message>
</context>
<context>
    <name>DateRangeEdit</name>
    <message>
        <location filename="../../gui/views/partials/date_range.py" line="+57"/>
        <source>Start of the time range (Beijing time)</source>
        <translation>时间范围起点（北京时间）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End of the time range (Beijing time)</source>
        <translation>时间范围终点（北京时间）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Beijing time (UTC+8)</source>
        <translation>北京时间（UTC+8）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider keeps its records in Beijing time, whatever this computer&apos;s time zone.</source>
        <translation>无论本机时区如何，平台的记录都按北京时间保存。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The start is after the end: choose a start before the end.</source>
        <translation>开始时间晚于结束时间：请选择早于结束时间的开始时间。</translation>
    </message>
</context>
<context>
    <name>DeliveryChart</name>
    <message>
        <location filename="../../gui/views/records/delivery_chart.py" line="+30"/>
        <source>(Charts need PySide6-Addons; the table below has the figures.)</source>
        <translation>（图表需要 PySide6-Addons；数据见下方表格。）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No report yet</source>
        <translation>暂无状态报告</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../gui/views/partials/export.py" line="+46"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 for Excel (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，适用于 Excel 的 UTF-8 编码 (*.csv)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The export failed.</source>
        <translation>导出失败。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Writing {0}… {1} of {2} rows</source>
        <translation>正在写入 {0}… 第 {1} 行，共 {2} 行</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../gui/views/partials/find_bar.py" line="+61"/>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text in any column</source>
        <translation>任意列中的文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find in table</source>
        <translation>在表格中查找</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only matching rows</source>
        <translation>只显示匹配的行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only matching rows</source>
        <translation>只显示匹配的行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the find bar (Esc)</source>
        <translation>关闭查找栏（Esc）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} of {1}</source>
        <translation>第 {0} 个，共 {1} 个</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <location filename="../../gui/views/partials/keyring_ui.py" line="+122"/>
        <source>unknown (the keyring did not answer)</source>
        <translation>未知（密钥环没有响应）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>no keyring available (the apikey cannot be saved on this computer)</source>
        <translation>没有可用的密钥环（无法在这台电脑上保存 apikey）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keyring works</source>
        <translation>密钥环可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No apikey stored</source>
        <translation>未保存 apikey</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyring did not answer</source>
        <translation>密钥环没有响应</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keyring locked or refused</source>
        <translation>密钥环已锁定或拒绝访问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No usable keyring</source>
        <translation>没有可用的密钥环</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The apikey is kept in the system keyring, not in any file of the console.</source>
        <translation>apikey 保存在系统密钥环中，不会写入控制台的任何文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keyring works, but no apikey is stored for this profile yet. Enter the apikey and save: it goes into the system keyring.</source>
        <translation>密钥环可用，但此账户配置尚未保存 apikey。请输入 apikey 并保存：它会存入系统密钥环。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system keyring did not answer within 10 seconds. A prompt asking you to unlock it may be waiting behind another window, or its service is not responding. Unlock the keyring and try again.</source>
        <translation>系统密钥环在 10 秒内没有响应。解锁提示可能被其他窗口挡住了，或者密钥环服务没有响应。请解锁密钥环后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system keyring is locked or refused access. Unlock it (on Linux: GNOME Keyring or KWallet; it usually unlocks when you log in) and try again.</source>
        <translation>系统密钥环已锁定或拒绝访问。请解锁后重试（Linux 上为 GNOME Keyring 或 KWallet，通常在登录时自动解锁）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer has no usable keyring, so the apikey cannot be saved. You can keep it in memory for this run only: you will have to enter it again next time you start the console. To save it, use a system keyring: Windows Credential Locker, macOS Keychain, or on Linux GNOME Keyring or KWallet.</source>
        <translation>这台电脑没有可用的密钥环，因此无法保存 apikey。可以仅在本次运行中将其保留在内存里：下次启动控制台时需要重新输入。如需保存，请使用系统密钥环：Windows 凭据管理器、macOS 钥匙串，或 Linux 上的 GNOME Keyring 或 KWallet。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The apikey is kept in memory for this run only. It is not saved anywhere; you will have to enter it again next time.</source>
        <translation>apikey 仅在本次运行中保留在内存里，不会保存到任何地方；下次需要重新输入。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/views/main_window.py" line="+163"/>
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
        <location line="+3"/>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+60"/>
        <source>{0} — SANDBOX</source>
        <translation>{0} — 沙盒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No profile</source>
        <translation>未选择账户配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Profile: {0}</source>
        <translation>账户配置：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Plain http: the apikey travels unencrypted in every request. Use https if the gateway offers it.</source>
        <translation>明文 http：apikey 会在每个请求中以未加密的形式传输。如果网关支持 https，请改用 https。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Balance: …</source>
        <translation>余额：…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Balance: unknown</source>
        <translation>余额：未知</translation>
    </message>
    <message>
        <location line="+5"/>
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
    <name>NumberListEdit</name>
    <message>
        <location filename="../../gui/views/partials/number_list_edit.py" line="+45"/>
        <source>Paste or type numbers, separated by commas, spaces or new lines.
+86, spaces and dashes are fine: +86 138-0013-8000</source>
        <translation>粘贴或输入手机号，用逗号、空格或换行分隔。
可带 +86、空格和短横线：+86 138-0013-8000</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Numbers to send to</source>
        <translation>接收号码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Numbers left out, with the reason</source>
        <translation>被排除的号码及原因</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>About {0} numbers: a quick send takes at most {1}. Use the Campaigns tab for larger lists and for numbers from a file.</source>
        <translation>约 {0} 个号码：快速发送最多 {1} 个。更大的名单或文件中的号码请使用“群发任务”标签页。</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n valid number(s)</source>
        <translation>
            <numerusform>%n 个有效号码</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n invalid (not sent)</source>
        <translation>
            <numerusform>%n 个无效（不发送）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n duplicate(s) removed</source>
        <translation>
            <numerusform>已去除 %n 个重复号码</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} — duplicate, sent once</source>
        <translation>{0} — 重复，只发送一次</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <location filename="../../gui/views/partials/offline_banner.py" line="+35"/>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the loads that failed again</source>
        <translation>重新加载失败的内容</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot reach the gateway of the profile {0} (last tried {1}). {2}</source>
        <translation>无法连接账户配置 {0} 的网关（最近一次尝试：{1}）。{2}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Trying to reach the gateway again…</source>
        <translation>正在重新连接网关…</translation>
    </message>
</context>
<context>
    <name>Pager</name>
    <message>
        <location filename="../../gui/views/partials/pager.py" line="+34"/>
        <source>Page size</source>
        <translation>每页条数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rows per page</source>
        <translation>每页行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‹ Previous</source>
        <translation>‹ 上一页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Page number to go to</source>
        <translation>要跳转的页码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to page</source>
        <translation>跳转到页</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
</context>
<context>
    <name>PollStatus</name>
    <message>
        <location filename="../../gui/views/settings_dialog.py" line="+159"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+23"/>
        <source>Every {0} min</source>
        <translation>每 {0} 分钟</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>While the console is open, fetch new status reports and replies in the background for this profile (after you agreed to fetching once). They are kept in the local store.</source>
        <translation>控制台打开期间，在后台为此账户配置获取新的状态报告和回复（需您先同意过一次获取）。获取的内容保存在本地存储中。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Fetch reports and replies:</source>
        <translation>获取状态报告和回复(&amp;F)：</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Receive pushes on port</source>
        <translation>在以下端口接收推送</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Put http://&lt;this computer&apos;s address&gt;:&lt;port&gt;&lt;path&gt; as the callback_url. The random path keeps others from posting fake reports.</source>
        <translation>将 http://&lt;本机地址&gt;:&lt;端口&gt;&lt;路径&gt; 填为 callback_url。随机路径可防止他人推送伪造的状态报告。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Push receiver port</source>
        <translation>推送接收端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push receiver path (for the callback URL)</source>
        <translation>推送接收路径（用于回调地址）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Off by default. For a computer the provider can reach: it pushes reports and replies here; replies are checked against the apikey, everything is stored before answering.</source>
        <translation>默认关闭。适用于平台能够访问到的电脑：平台会把状态报告和回复推送到这里；回复会用 apikey 校验，所有内容在应答前先保存。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Push receiver:</source>
        <translation>推送接收：</translation>
    </message>
</context>
<context>
    <name>PollStatusLabel</name>
    <message>
        <location filename="../../gui/views/poll_status.py" line="+29"/>
        <source>Push on :{0} ({1} stored, {2} rejected)</source>
        <translation>推送端口 :{0}（已保存 {1} 条，已拒绝 {2} 条）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Push receiver not running: {0}</source>
        <translation>推送接收未运行：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The provider pushes reports and replies to this computer&apos;s callback URL.</source>
        <translation>平台会把状态报告和回复推送到本机的回调地址。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Auto-fetch: waiting for consent</source>
        <translation>自动获取：等待同意</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch new reports once in the Status reports tab and agree; then the console fetches every {0} min.</source>
        <translation>请先在“状态报告”标签页中获取一次新状态报告并同意；之后控制台会每 {0} 分钟获取一次。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not yet</source>
        <translation>尚未获取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto-fetch every {0} min · last {1}</source>
        <translation>每 {0} 分钟自动获取 · 上次 {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>errors in a row: {0}</source>
        <translation>连续错误：{0} 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another console is fetching; its results appear here</source>
        <translation>另一台控制台正在获取；结果会显示在这里</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reports and replies are fetched in the background and kept in the local store.</source>
        <translation>状态报告和回复在后台获取并保存在本地存储中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last success: {0} (Beijing time)</source>
        <translation>上次成功：{0}（北京时间）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last error: {0}</source>
        <translation>上次错误：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team&apos;s consoles fetch in turn: while one fetches, the others wait, and what it fetched shows here within seconds.</source>
        <translation>团队的各台控制台轮流获取：一台获取时，其他控制台等待，它获取到的内容会在几秒内显示在这里。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} fetched items wait to be stored</source>
        <translation>{0} 条已获取的记录等待保存</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The local store refused them; they are kept in a file in the profile&apos;s folder and stored before anything else is fetched.</source>
        <translation>本地数据库未能保存它们；它们暂存在配置文件夹中的一个文件里，会在再次获取之前先保存。</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../gui/views/profiles/view.py" line="+56"/>
        <source>Profiles</source>
        <translation>账户配置</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Saved profiles</source>
        <translation>已保存的账户配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/editor.py" line="+42"/>
        <source>Profile</source>
        <translation>账户配置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. Shop account</source>
        <translation>例如：商城账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Gateway address:</source>
        <translation>网关地址(&amp;G)：</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+128"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>Show the apikey you are typing</source>
        <translation>显示正在输入的 apikey</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Apikey:</source>
        <translation>apikey(&amp;A)：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try plain &amp;http</source>
        <translation>改用明文 &amp;http</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/keyring_box.py" line="+31"/>
        <source>System keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backend: looking…</source>
        <translation>后端：检测中…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keep the apikey for this run only</source>
        <translation>仅在本次运行中保留 apikey</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing is written anywhere; you will enter the apikey again next time you start the console.</source>
        <translation>不会写入任何地方；下次启动控制台时需要重新输入 apikey。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the keyring again</source>
        <translation>重试密钥环</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/view.py" line="+41"/>
        <source>&amp;Use this profile</source>
        <translation>使用此账户配置(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This console is connected to the built-in sandbox gateway. Profiles and the keyring are not used in sandbox mode; start the console without --sandbox to add, edit or use a real account.</source>
        <translation>此控制台连接的是内置的沙盒网关。沙盒模式下不使用账户配置和密钥环；如需添加、编辑或使用真实账户，请不带 --sandbox 参数启动控制台。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/keyring_box.py" line="+31"/>
        <source>Not used in sandbox mode.</source>
        <translation>沙盒模式下不使用。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/dialog.py" line="+88"/>
        <source>{0} (in use)</source>
        <translation>{0}（使用中）</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/editor.py" line="+30"/>
        <source>To rename a profile, create a new one and delete the old one.</source>
        <translation>如需重命名账户配置，请新建一个并删除旧的。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/dialog.py" line="+45"/>
        <source>Looking in the keyring…</source>
        <translation>正在查找密钥环…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/views/profiles/team_actions.py" line="+70"/>
        <source>Reading the keyring…</source>
        <translation>正在读取密钥环…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The apikey will be stored in the system keyring.</source>
        <translation>apikey 将保存在系统密钥环中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the keyring…</source>
        <translation>正在检查密钥环…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No keyring: the apikey can only be kept for this run.</source>
        <translation>没有密钥环：apikey 只能在本次运行中保留。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/editor.py" line="+63"/>
        <source>⚠ Plain http: the apikey travels unencrypted in the body of every request. Use https:// if the gateway offers it.</source>
        <translation>⚠ 明文 http：apikey 会以未加密的形式出现在每个请求中。如网关支持，请使用 https://。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test connection tries https:// first.</source>
        <translation>测试连接会先尝试 https://。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/keyring_box.py" line="-19"/>
        <source>Backend: {0}</source>
        <translation>后端：{0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Details: {0}</source>
        <translation>详情：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/editor.py" line="-34"/>
        <source>Stored in the keyring. Leave this empty to keep it; type a new apikey to replace it.</source>
        <translation>已保存在密钥环中。留空则保持不变；输入新的 apikey 即可替换。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No apikey stored for this profile yet.</source>
        <translation>此账户配置尚未保存 apikey。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../gui/views/profiles/team_actions.py" line="+21"/>
        <source>The keyring could not be read (see below).</source>
        <translation>无法读取密钥环（见下方）。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/dialog.py" line="+47"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saving the apikey in the keyring…</source>
        <translation>正在将 apikey 保存到密钥环…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saved. The apikey is in the system keyring.</source>
        <translation>已保存。apikey 已存入系统密钥环。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The profile was saved, but not its apikey: the keyring did not take it. See the keyring box below.</source>
        <translation>账户配置已保存，但 apikey 未保存：密钥环未接受。请查看下方的密钥环区域。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Save the profile with its apikey first.</source>
        <translation>请先保存账户配置及其 apikey。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Enter the apikey to test the connection.</source>
        <translation>请输入 apikey 以测试连接。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/connection_test.py" line="+63"/>
        <source>Connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>https:// did not answer. Plain http ({0}) may work, but then the apikey travels unencrypted in every request: anyone on the network between this computer and the gateway (Wi-Fi, office network, internet provider) can read it and send messages at your expense. Press “Try plain http” only if you accept that.</source>
        <translation>https:// 没有应答。明文 http（{0}）也许可以连接，但 apikey 会在每个请求中以明文传输：这台电脑与网关之间网络上的任何人（Wi-Fi、办公网络、网络运营商）都能读到它，并以您的费用发送短信。只有在您接受这一点时才点“改用明文 http”。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Connected: account “{0}”, balance {1}.</source>
        <translation>连接成功：账户“{0}”，余额 {1}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The connection test failed. {0}</source>
        <translation>连接测试失败。{0}</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/view.py" line="+49"/>
        <location line="+6"/>
        <source>Delete profile</source>
        <translation>删除账户配置</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>“{0}” is the profile in use. Switch to another profile first.</source>
        <translation>“{0}”是正在使用的账户配置。请先切换到其他账户配置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete the profile “{0}”? Its apikey is removed from the system keyring. Its local data folder (campaign history, archive) is kept.</source>
        <translation>删除账户配置“{0}”？其 apikey 将从系统密钥环中移除。本地数据文件夹（群发任务历史、归档）会保留。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/dialog.py" line="+12"/>
        <source>Removing the apikey from the keyring…</source>
        <translation>正在从密钥环中移除 apikey…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile “{0}” deleted.</source>
        <translation>账户配置“{0}”已删除。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The profile was not deleted: its apikey could not be removed from the keyring. See the keyring box below.</source>
        <translation>账户配置未删除：无法从密钥环中移除其 apikey。请查看下方的密钥环区域。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>There is no apikey for “{0}”: enter it and save.</source>
        <translation>“{0}”没有 apikey：请输入并保存。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/flow.py" line="+19"/>
        <source>A send or campaign is still running on “{0}”. Let it finish, or cancel it, before switching profile: switching frees the profile for another console, which could send it twice.</source>
        <translation>“{0}”上仍有发送或群发任务在进行。请等它完成或取消后再切换账户配置：切换会释放该账户配置，另一个控制台可能因此重复发送。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{0}” is open in another SMS Console. Use that window; two consoles on one account could send the same campaign twice.</source>
        <translation>“{0}”已在另一个 SMS Console 中打开。请使用那个窗口：同一账户同时打开两个控制台，可能会把同一个群发任务发送两次。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/team_actions.py" line="-7"/>
        <source>Stored in the keyring. Leave this empty to keep it; type a new password to replace it.</source>
        <translation>已存入密钥环。留空则保留；输入新密码即替换。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No database password stored for this profile yet.</source>
        <translation>此配置尚未保存数据库密码。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saving the database password in the keyring…</source>
        <translation>正在把数据库密码存入密钥环…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The database password is in the system keyring.</source>
        <translation>数据库密码已存入系统密钥环。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The keyring did not take the database password: it is kept for this run only.</source>
        <translation>密钥环未能保存数据库密码：仅在本次运行中保留。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Connecting to the team database…</source>
        <translation>正在连接团队数据库…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Connected as {0}. The schema is current (archive {1}, campaign journal {2}).</source>
        <translation>已以 {0} 连接。表结构为最新（存档 {1}，群发日志 {2}）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connected as {0}, but the schema is not current: archive {1} (needs {2}), campaign journal {3} (needs {4}). An owner must use “Prepare the database…” first.</source>
        <translation>已以 {0} 连接，但表结构不是最新：存档 {1}（需要 {2}），群发日志 {3}（需要 {4}）。须先由所有者使用“准备数据库…”。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The team database could not be used: {0}</source>
        <translation>无法使用团队数据库：{0}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Enter the owner&apos;s role.</source>
        <translation>请输入所有者角色。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preparing the team database…</source>
        <translation>正在准备团队数据库…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The database is prepared: archive schema {0} → {1}, campaign journal schema {2} → {3}.</source>
        <translation>数据库已准备好：存档结构 {0} → {1}，群发日志结构 {2} → {3}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/team_box.py" line="+52"/>
        <location line="+7"/>
        <source>Storage</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>On this computer (local, the default)</source>
        <translation>本机（本地，默认）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team database (PostgreSQL, shared by several consoles)</source>
        <translation>团队数据库（PostgreSQL，多台控制台共用）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>e.g. db.example.com</source>
        <translation>例如 db.example.com</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Data&amp;base:</source>
        <translation>数据库(&amp;B)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The operators&apos; database role: data rights only, no schema changes</source>
        <translation>操作员的数据库角色：仅有数据权限，不能修改表结构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database &amp;user:</source>
        <translation>数据库用户(&amp;U)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database pass&amp;word:</source>
        <translation>数据库密码(&amp;W)：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>TLS to the database: use verify-full across a network you do not own</source>
        <translation>数据库的 TLS：经过不受你控制的网络时请用 verify-full</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS (sslmode):</source>
        <translation>TLS（sslmode）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your name, as the team&apos;s audit log shows it</source>
        <translation>你的名字（团队审计日志中显示）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Operator name:</source>
        <translation>操作员姓名(&amp;O)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test &amp;database</source>
        <translation>测试数据库(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Prepare the database…</source>
        <translation>准备数据库(&amp;P)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Create or update the team tables as the database&apos;s owner (asks for the owner&apos;s password)</source>
        <translation>以数据库所有者身份创建或更新团队数据表（会询问所有者密码）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Move local history to the team database…</source>
        <translation>将本地历史迁移到团队数据库(&amp;M)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy this profile&apos;s archive and campaigns from this computer into the team database (the local file is kept)</source>
        <translation>把本配置在这台电脑上的存档和群发任务复制到团队数据库（本地文件保留）</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Prepare the team database</source>
        <translation>准备团队数据库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Creating or updating the tables of “{0}” needs its owner&apos;s role (schema changes). The owner&apos;s password is used for this once and not kept; operators connect with data rights only.</source>
        <translation>创建或更新“{0}”的数据表需要其所有者角色（修改表结构）。所有者密码只用这一次，不会保存；操作员只以数据权限连接。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Owner &amp;role:</source>
        <translation>所有者角色(&amp;R)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner pass&amp;word:</source>
        <translation>所有者密码(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>ProfileFlow</name>
    <message>
        <location filename="../../gui/views/profiles/flow.py" line="-104"/>
        <source>There is no profile named “{0}”.</source>
        <translation>没有名为“{0}”的账户配置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No profile is set up. Start with --sandbox, or create a profile first.</source>
        <translation>尚未设置账户配置。请使用 --sandbox 启动，或先创建一个账户配置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the profile to open.</source>
        <translation>请选择要打开的账户配置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The apikey of “{0}” could not be loaded. {1} {2}</source>
        <translation>无法加载“{0}”的 apikey。{1} {2}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reading the apikey of “{0}” from the system keyring…</source>
        <translation>正在从系统密钥环读取“{0}”的 apikey…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>SMS Console</source>
        <translation>SMS Console</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <location filename="../../gui/profiles.py" line="+77"/>
        <source>The team database needs a host</source>
        <translation>团队数据库需要主机名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team database needs a database name</source>
        <translation>团队数据库需要数据库名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team database needs a user</source>
        <translation>团队数据库需要用户名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The port must be between 1 and 65535</source>
        <translation>端口须在 1 到 65535 之间</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The address must start with http:// or https://</source>
        <translation>地址必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address has no host name</source>
        <translation>地址中没有主机名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The profile needs a name</source>
        <translation>账户配置需要一个名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name must not start or end with a space</source>
        <translation>名称的开头和结尾不能是空格</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name is too long (at most 64 characters)</source>
        <translation>名称太长（最多 64 个字符）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name must not contain / or \ or control characters</source>
        <translation>名称不能包含 /、\ 或控制字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“sandbox” is reserved for the built-in sandbox gateway</source>
        <translation>“sandbox”保留给内置的沙盒网关使用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A profile with this name already exists</source>
        <translation>已存在同名的账户配置</translation>
    </message>
</context>
<context>
    <name>PullConsent</name>
    <message>
        <location filename="../../gui/views/partials/pull_consent.py" line="+41"/>
        <source>Fetch new reports and replies?</source>
        <translation>获取新的状态报告和回复？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetching new status reports or replies takes them from the provider for good: the provider hands each one out once and then deletes it.

If anything else uses this account&apos;s API key — your own backend or another program — it will no longer receive the reports and replies this console fetches.

The console keeps everything it fetches in this profile&apos;s local store. Your answer is remembered for this profile.</source>
        <translation>获取新的状态报告或回复会把它们从平台上永久取走：每条只推送一次，取走后平台即删除。

如果还有其他程序使用此账户的 API 密钥——例如您自己的后台系统——它们将收不到本控制台取走的状态报告和回复。

控制台会把取到的全部内容保存在此账户配置的本地存储中。您的选择会针对此账户配置记住。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fetch and remember</source>
        <translation>获取并记住选择</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Don&apos;t fetch</source>
        <translation>不获取</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{0} fetched items could not be stored yet and wait in a file in this profile&apos;s folder. They are stored before anything else is fetched; nothing more is fetched until then.</source>
        <translation>{0} 条已获取的记录尚未保存，暂存在此配置文件夹中的一个文件里。它们会在再次获取之前先保存；在此之前不会再获取新记录。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing fetched: earlier fetched items still wait to be stored.</source>
        <translation>未获取：之前获取的记录仍在等待保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} items kept from an earlier fetch were stored first.</source>
        <translation>已先保存之前获取并暂存的 {0} 条记录。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../gui/qt_strings.py" line="+19"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RecordsTab</name>
    <message>
        <location filename="../../gui/views/records/page.py" line="+52"/>
        <source>All numbers</source>
        <translation>全部号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write every page fetched for this search to an Excel or CSV file</source>
        <translation>将本次查询已获取的所有页写入 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Messages sent from this account appear here: pick a time range (Beijing time) and press Search.</source>
        <translation>此账户发送的短信会显示在这里：选择时间范围（北京时间）后点击“查询”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+33"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Online (provider)</source>
        <translation>在线（平台）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local archive</source>
        <translation>本地归档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Records</source>
        <translation>发送记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>sid</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent (Beijing)</source>
        <translation>发送时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send status</source>
        <translation>发送状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report status</source>
        <translation>状态报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parts</source>
        <translation>计费条数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received (Beijing)</source>
        <translation>接收时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uid</source>
        <translation>uid</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Loading page {0} of the records…</source>
        <translation>正在加载发送记录第 {0} 页…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Loading the send records failed.</source>
        <translation>加载发送记录失败。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} records on this page · fetched for this search: {1} records (pages {2}) — Export writes all of them</source>
        <translation>本页 {0} 条记录 · 本次查询已获取 {1} 条（第 {2} 页）——导出会写入全部记录</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Exported {0} records to {1}</source>
        <translation>已将 {0} 条记录导出到 {1}</translation>
    </message>
</context>
<context>
    <name>RepliesTab</name>
    <message>
        <location filename="../../gui/views/replies/tab.py" line="+62"/>
        <source>⚑ Opt-out</source>
        <translation>⚑ 退订</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On the list</source>
        <translation>已在黑名单</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>All numbers</source>
        <translation>全部号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetch new replies</source>
        <translation>获取新回复</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch the replies not fetched yet (pull_reply). The provider hands each reply out once; the console keeps them in this profile&apos;s local store.</source>
        <translation>获取尚未获取的回复（pull_reply）。平台每条回复只推送一次；控制台会将其保存在此账户配置的本地存储中。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+16"/>
        <source>Add to suppression list</source>
        <translation>加入黑名单</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Put the numbers of the selected replies on this profile&apos;s suppression list</source>
        <translation>将所选回复的号码加入此账户配置的黑名单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suppression list…</source>
        <translation>黑名单…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Replies to your messages appear here. Search a time range (Beijing time), or fetch the new ones.</source>
        <translation>对您短信的回复会显示在这里。请按时间范围（北京时间）查询，或获取新回复。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+28"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Replied (Beijing)</source>
        <translation>回复时间（北京）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opt-out</source>
        <translation>退订</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This reply asks to stop messages</source>
        <translation>此回复要求不再接收短信</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suppression</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Extend</source>
        <translation>扩展号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply id</source>
        <translation>回复 ID</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Loading page {0} of the replies…</source>
        <translation>正在加载回复第 {0} 页…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The provider&apos;s replies, page {0}: {1} replies, {2} opt-outs.</source>
        <translation>平台上的回复，第 {0} 页：{1} 条回复，{2} 条退订。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loading the replies failed.</source>
        <translation>加载回复失败。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Another console is fetching; its results will appear here.</source>
        <translation>另一台控制台正在获取，结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/views/partials/pull_action.py" line="+40"/>
        <source>Fetching new replies…</source>
        <translation>正在获取新回复…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetching new replies… {0} so far, each page stored as it arrives</source>
        <translation>正在获取新回复… 已获取 {0} 条，每页到达后立即保存</translation>
    </message>
    <message>
        <location filename="../../gui/views/replies/tab.py" line="+10"/>
        <source>Fetched just now: {0} new replies ({1} opt-outs), kept in this profile&apos;s local store.</source>
        <translation>刚刚获取：{0} 条新回复（{1} 条退订），已保存在此账户配置的本地存储中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No new replies. (Fetched replies stay in this profile&apos;s local store.)</source>
        <translation>没有新回复。（已获取的回复保存在此账户配置的本地存储中。）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} replies could NOT be stored: export or copy them now.</source>
        <translation>{0} 条回复未能保存：请立即导出或复制。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetching new replies stopped part way.</source>
        <translation>获取新回复中途停止。</translation>
    </message>
    <message>
        <location filename="../../gui/views/partials/pull_action.py" line="+1"/>
        <source>Fetching new replies failed.</source>
        <translation>获取新回复失败。</translation>
    </message>
    <message>
        <location filename="../../gui/views/replies/tab.py" line="+10"/>
        <source>opt-out reply: {0}</source>
        <translation>退订回复：{0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>reply: {0}</source>
        <translation>回复：{0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0} numbers added to the suppression list ({1} were already on it).</source>
        <translation>已将 {0} 个号码加入黑名单（其中 {1} 个原已在名单中）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Adding to the suppression list…</source>
        <translation>正在加入黑名单…</translation>
    </message>
    <message>
        <location filename="../../gui/views/replies/team.py" line="+46"/>
        <source>Another console stored {0} new replies in the team&apos;s archive; “Search” shows them.</source>
        <translation>另一台控制台在团队存档中保存了 {0} 条新回复；点击“查询”即可查看。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Reading the newest replies…</source>
        <translation>正在读取最新回复…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Newest replies in the team&apos;s archive: {0} shown, {1} opt-outs ({2} new from another console).</source>
        <translation>团队存档中的最新回复：显示 {0} 条，退订 {1} 条（其中 {2} 条来自另一台控制台）。</translation>
    </message>
</context>
<context>
    <name>ReportStatus</name>
    <message>
        <location filename="../../gui/views/partials/report_status.py" line="+21"/>
        <source>✔ Delivered</source>
        <translation>✔ 已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✖ Failed</source>
        <translation>✖ 失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>… No report yet</source>
        <translation>… 暂无状态报告</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../gui/views/reports.py" line="+45"/>
        <source>Fetch new reports</source>
        <translation>获取新状态报告</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetch the delivery reports not fetched yet (pull_status). The provider hands each report out once; the console keeps them in this profile&apos;s local store.</source>
        <translation>获取尚未获取的状态报告（pull_status）。平台每条状态报告只推送一次；控制台会将其保存在此账户配置的本地存储中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All numbers</source>
        <translation>全部号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delivery reports kept by this console appear here, newest first. Press “Fetch new reports” to fetch the ones the provider has for you.</source>
        <translation>本控制台保存的状态报告会显示在这里，最新的在前。点击“获取新状态报告”即可获取平台上待领取的报告。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+24"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Status reports</source>
        <translation>状态报告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>sid</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received by phone (Beijing)</source>
        <translation>手机接收时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error detail</source>
        <translation>错误详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text sent</source>
        <translation>发送内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(not sent from this console)</source>
        <translation>（非本控制台发送）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sent (Beijing)</source>
        <translation>发送时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetched (Beijing)</source>
        <translation>获取时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uid</source>
        <translation>uid</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Reading the stored reports…</source>
        <translation>正在读取已保存的状态报告…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} reports kept in this profile&apos;s local store.</source>
        <translation>此账户配置的本地存储中保存了 {0} 条状态报告。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} stored reports for this number on this page.</source>
        <translation>本页中此号码已保存的状态报告有 {0} 条。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fetching is off for this profile (you chose not to take reports from the provider). “Fetch new reports” asks again.</source>
        <translation>此账户配置已关闭获取（您选择了不从平台取走状态报告）。点击“获取新状态报告”会再次询问。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reading the stored reports failed.</source>
        <translation>读取已保存的状态报告失败。</translation>
    </message>
    <message>
        <location filename="../../gui/views/partials/pull_action.py" line="+3"/>
        <source>Fetching new reports…</source>
        <translation>正在获取新状态报告…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetching new reports… {0} so far, each page stored as it arrives</source>
        <translation>正在获取新状态报告… 已获取 {0} 条，每页到达后立即保存</translation>
    </message>
    <message>
        <location filename="../../gui/views/reports.py" line="+30"/>
        <source>NOT STORED</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>waiting to be stored</source>
        <translation>等待保存</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another console is fetching; its results will appear here.</source>
        <translation>另一台控制台正在获取，结果将显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetched {0} reports ({1} new).</source>
        <translation>已获取 {0} 条状态报告（{1} 条新）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No new reports.</source>
        <translation>没有新状态报告。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} reports could NOT be stored.</source>
        <translation>{0} 条状态报告未能保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetching new reports stopped part way.</source>
        <translation>获取新状态报告中途停止。</translation>
    </message>
    <message>
        <location filename="../../gui/views/partials/pull_action.py" line="+1"/>
        <source>Fetching new reports failed.</source>
        <translation>获取新状态报告失败。</translation>
    </message>
</context>
<context>
    <name>SandboxBand</name>
    <message>
        <location filename="../../gui/views/partials/sandbox_band.py" line="+41"/>
        <source>&lt;b&gt;SANDBOX&lt;/b&gt; — the built-in test gateway on this computer. Nothing is really sent and nothing is billed.</source>
        <translation>&lt;b&gt;沙盒&lt;/b&gt; — 本机内置的测试网关：不会真正发送短信，也不会扣费。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What is this?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The sandbox is a pretend SMS gateway that runs inside this console, on this computer only (127.0.0.1), with a demo account. It answers like the real provider: it checks templates, signatures and blocked words, bills parts from a pretend balance and produces delivery reports and replies. No message leaves this computer, no real phone receives anything and no money is spent. Use it to learn the console; a real account is connected as a profile (Console → Profiles…).</source>
        <translation>沙盒是运行在本控制台内部、只在这台电脑上（127.0.0.1）的模拟短信网关，带一个演示账户。它的应答与真实平台一致：检查模板、签名和屏蔽词，从模拟余额中按条计费，并产生状态报告和回复。没有任何短信离开这台电脑，没有真实手机会收到，也不花任何钱。可以用它熟悉控制台；真实账户请作为配置连接（控制台 → 账户配置…）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/views/settings_dialog.py" line="-119"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The new language takes effect the next time you start the console.</source>
        <translation>新的语言将在下次启动控制台时生效。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language is applied when the console starts.</source>
        <translation>语言在控制台启动时应用。</translation>
    </message>
</context>
<context>
    <name>SpendConfirmDialog</name>
    <message>
        <location filename="../../gui/views/partials/spend_confirm.py" line="+51"/>
        <source>Samples as they will be sent:</source>
        <translation>实际发送的示例：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Samples as they will be sent</source>
        <translation>实际发送的示例</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Confirm the send</source>
        <translation>确认发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the campaign?</source>
        <translation>开始群发？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the campaign?</source>
        <translation>继续群发？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the failed rows again?</source>
        <translation>重新发送失败的行？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send a test message?</source>
        <translation>发送测试短信？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start sending</source>
        <translation>开始发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume sending</source>
        <translation>继续发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the test</source>
        <translation>发送测试</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>{0} for %n message(s)</source>
        <translation>
            <numerusform>{0} 条计费 × %n 条短信</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Recipients: %n</source>
        <translation>
            <numerusform>收件人：%n 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parts per message: {0}</source>
        <translation>每条短信的计费条数：{0}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Parts: %n in all</source>
        <translation>
            <numerusform>计费条数：共 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimated cost: {0}</source>
        <translation>预计费用：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated cost: unknown (no price per part set)</source>
        <translation>预计费用：未知（未设置每条单价）</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <source>Balance: {0} now, about {1} after</source>
        <translation>余额：当前 {0}，发送后约 {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not marketing messages.</source>
        <translation>非营销短信。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n row(s) in doubt are looked up in the provider&apos;s records first; only those without a record are sent again.</source>
        <translation>
            <numerusform>%n 行结果不明，先在平台的发送记录中核对；只有查不到记录的才会重新发送。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Warning: the estimated cost exceeds the balance; sending stops when it runs out.</source>
        <translation>警告：预计费用超过余额；余额用完时发送会停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Warning: the balance will fall below the account&apos;s alarm amount ({0}).</source>
        <translation>警告：余额将低于账户的提醒金额（{0}）。</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Marketing messages (sent under the marketing rules).</source>
        <translation>营销短信（按营销短信规则发送）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Estimated duration: under a minute</source>
        <translation>预计耗时：不到 1 分钟</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Estimated duration: about %n minute(s)</source>
        <translation>
            <numerusform>预计耗时：约 %n 分钟</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location filename="../../gui/views/records/stats.py" line="+63"/>
        <location line="+244"/>
        <source>All messages</source>
        <translation>全部短信</translation>
    </message>
    <message>
        <location line="-239"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List messages still without a report this long after sending</source>
        <translation>列出发送后超过此时长仍无状态报告的短信</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No report yet</source>
        <translation>暂无状态报告</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Campaign</source>
        <translation>群发任务</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed messages</source>
        <translation>失败短信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sent (Beijing)</source>
        <translation>发送时间（北京）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sid</source>
        <translation>SID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report status</source>
        <translation>状态报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Per day: messages sent in the date range and what their reports say. Press “Show”.</source>
        <translation>按天：日期范围内发送的短信及其状态报告结果。请点击“显示”。</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Read delivery states from the provider</source>
        <translation>从服务商读取送达状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Before counting, “Show” reads the report states of the days shown with get_record (only days not yet final here, {0} pages at most a press; the next press continues)</source>
        <translation>统计前，“显示”会用 get_record 读取所显示日期的状态报告（只读本机尚未最终确定的日期，每次最多 {0} 页；下次按下时继续）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Per campaign: the campaigns with messages in the date range.</source>
        <translation>按群发任务：日期范围内有短信的群发任务。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The error codes of failed reports in the date range, most frequent first.</source>
        <translation>日期范围内失败状态报告的错误码，按出现次数从多到少排列。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Messages still without a final report this many hours after sending. “Re-check with the provider” asks get_record for them.</source>
        <translation>发送后超过这么多小时仍无最终状态报告的短信。“向平台重新核实”会用 get_record 查询它们。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Re-check with the provider</source>
        <translation>向平台重新核实</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Look the selected messages (or all listed) up with get_record and keep the status the provider has</source>
        <translation>用 get_record 查询所选短信（或全部列出的短信），并保存平台上的状态</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Without a final report after</source>
        <translation>超过以下时长仍无最终状态报告</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Per day</source>
        <translation>按天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per campaign</source>
        <translation>按群发任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error codes</source>
        <translation>错误码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without report</source>
        <translation>无状态报告</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Delivered ÷ (delivered + failed); messages awaiting a report are not counted</source>
        <translation>已送达 ÷（已送达 + 失败）；等待状态报告的短信不计入</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Reading the statistics failed.</source>
        <translation>读取统计数据失败。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Syncing delivery states: day {0} of {1} ({2})…</source>
        <translation>正在同步送达状态：第 {0} / {1} 天（{2}）…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Delivery states could not be read from the provider ({0}); the figures are the archive&apos;s.</source>
        <translation>无法从服务商读取送达状态（{0}）；以下为本地归档的数字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delivery states read for {0} of {1} days; press “Show” to read the rest.</source>
        <translation>已读取 {1} 天中 {0} 天的送达状态；再按“显示”读取其余日期。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Sent {0} · delivered {1} · failed {2} · success rate {3} · awaiting a report {4} (not in the rate)</source>
        <translation>已发送 {0} · 已送达 {1} · 失败 {2} · 成功率 {3} · 等待状态报告 {4}（不计入成功率）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The re-check stopped; what was found is kept.</source>
        <translation>重新核实已停止；已查到的结果会保留。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Looking {0} messages up with the provider…</source>
        <translation>正在向平台查询 {0} 条短信…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Re-check: {0} now have a final report ({1} look-ups).</source>
        <translation>重新核实：{0} 条已有最终状态报告（查询 {1} 次）。</translation>
    </message>
</context>
<context>
    <name>SuppressionDialog</name>
    <message>
        <location filename="../../gui/views/suppression_dialog.py" line="+54"/>
        <location line="+87"/>
        <source>Suppression list</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Numbers on this list asked not to receive messages (for example an opt-out reply). This profile&apos;s sends leave them out. The list is kept on this computer only.</source>
        <translation>此名单中的号码要求不再接收短信（例如回复了退订）。此账户配置发送时会排除这些号码。名单只保存在本机。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Filter numbers or reasons</source>
        <translation>按号码或原因筛选</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added (Beijing)</source>
        <translation>加入时间（北京）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No numbers yet. Add them below, import a file, or add opt-out replies from the Replies tab.</source>
        <translation>还没有号码。可在下方添加、从文件导入，或在“回复”标签页中加入退订回复的号码。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Numbers, separated by commas or spaces</source>
        <translation>号码，用逗号或空格分隔</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import from file…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A text or CSV file: one number per line, or several separated by commas</source>
        <translation>文本或 CSV 文件：每行一个号码，或用逗号分隔多个号码</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Entries that are not numbers</source>
        <translation>不是号码的条目</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{0} numbers</source>
        <translation>{0} 个号码</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading the list…</source>
        <translation>正在加载名单…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} numbers added.</source>
        <translation>已添加 {0} 个号码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} were already on the list.</source>
        <translation>{0} 个原已在名单中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} repeated entries ignored.</source>
        <translation>已忽略 {0} 个重复项。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} entries are not phone numbers (listed below).</source>
        <translation>{0} 项不是手机号（见下方列表）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Adding numbers…</source>
        <translation>正在添加号码…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type one or more numbers first.</source>
        <translation>请先输入一个或多个号码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>added by hand</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remove numbers</source>
        <translation>移除号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove {0} numbers from the suppression list? This profile&apos;s sends will reach them again.</source>
        <translation>从黑名单中移除 {0} 个号码？此账户配置之后的发送将再次发往这些号码。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0} numbers removed.</source>
        <translation>已移除 {0} 个号码。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Removing numbers…</source>
        <translation>正在移除号码…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import numbers</source>
        <translation>导入号码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text or CSV files (*.txt *.csv);;All files (*)</source>
        <translation>文本或 CSV 文件 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>imported from {0}</source>
        <translation>从 {0} 导入</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: {1} numbers read, {2} added.</source>
        <translation>{0}：读取 {1} 个号码，添加 {2} 个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} lines could not be read as numbers (listed below).</source>
        <translation>{0} 行无法识别为号码（见下方列表）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Line {0}: “{1}” — {2}</source>
        <translation>第 {0} 行：“{1}” — {2}</translation>
    </message>
</context>
<context>
    <name>TeamMove</name>
    <message>
        <location filename="../../gui/views/profiles/team_move.py" line="+83"/>
        <source>A campaign of “{0}” is being sent or settled: wait until it ends (or pause it), then move.</source>
        <translation>“{0}”有群发任务正在发送或核对：请等它结束（或暂停）后再迁移。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{0}” is open in a console (it could be sending a campaign): close it there, then move.</source>
        <translation>“{0}”正在另一个控制台中打开（可能正在发送群发任务）：请先在那里关闭，再迁移。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Save the profile first: the history moved is a saved profile&apos;s.</source>
        <translation>请先保存配置：只能迁移已保存配置的历史。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>“{0}” has no local history to move.</source>
        <translation>“{0}”没有可迁移的本地历史。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Counting the local history…</source>
        <translation>正在统计本地历史…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local history could not be read: {0}</source>
        <translation>无法读取本地历史：{0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <location filename="../../gui/views/profiles/team_move_dialog.py" line="+62"/>
        <source>Move local history to the team database</source>
        <translation>将本地历史迁移到团队数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the local history of “{0}” into the team database “{1}” on {2}?</source>
        <translation>把“{0}”的本地历史复制到 {2} 上的团队数据库“{1}”吗？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What is copied:
{0}

Campaigns keep every row&apos;s state: a moved campaign resumed from the team sends only its unsent rows and settles the rows in doubt first. What the team database already has is kept, not duplicated.

The local file is not changed: it stays on this computer as a backup. The copy runs in batches; if it stops (Cancel, a lost connection), run it again and it continues where it stopped.</source>
        <translation>将复制：
{0}

群发任务保留每一行的状态：在团队中继续迁移过来的群发任务时，只发送尚未发送的行，并先核对结果不明的行。团队数据库中已有的内容会保留，不会重复。

本地文件不会被修改：它作为备份留在这台电脑上。复制分批进行；如果中途停止（取消、连接中断），再次运行会从停止处继续。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Moving the local history to the team database…</source>
        <translation>正在将本地历史迁移到团队数据库…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The move ended but the counts do not match: {0}.</source>
        <translation>迁移已结束，但数量不一致：{0}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local history is in the team database; every count matches. The local file is kept.</source>
        <translation>本地历史已在团队数据库中，所有数量一致。本地文件已保留。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The move was stopped; run it again to continue where it stopped.</source>
        <translation>迁移已停止；再次运行即可从停止处继续。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The move was refused: {0}</source>
        <translation>迁移被拒绝：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The move stopped: {0}. What was copied so far stays in the team database; run the move again to continue where it stopped.</source>
        <translation>迁移中断：{0}。已复制的内容保留在团队数据库中；再次运行迁移即可从停止处继续。</translation>
    </message>
    <message>
        <location filename="../../gui/views/profiles/team_move_dialog.py" line="-22"/>
        <source>Campaigns</source>
        <translation>群发任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign requests</source>
        <translation>群发请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Campaign rows</source>
        <translation>群发行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent messages</source>
        <translation>已发送短信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status reports</source>
        <translation>状态报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider records</source>
        <translation>服务商发送记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suppressed numbers</source>
        <translation>屏蔽号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log entries</source>
        <translation>审计日志条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price settings</source>
        <translation>单价设置</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Copying the local history of “{0}” into “{1}”.</source>
        <translation>正在把“{0}”的本地历史复制到“{1}”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting to the team database…</source>
        <translation>正在连接团队数据库…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Local file</source>
        <translation>本地文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team database</source>
        <translation>团队数据库</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rows in the local file and in the team database</source>
        <translation>本地文件与团队数据库中的行数</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0}: {1} of {2}</source>
        <translation>{0}：{1} / {2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping after the batch under way…</source>
        <translation>当前批次完成后停止…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every count matches: the team database holds all of this profile&apos;s local history. The local file is kept as it is, as a backup.</source>
        <translation>所有数量一致：团队数据库已包含本配置的全部本地历史。本地文件原样保留，作为备份。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Done, but the counts do not match.</source>
        <translation>已完成，但数量不一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The counts do not match for: {0}. The team database lacks rows of this profile&apos;s history. Run the move again; if a count still differs, keep the profile on local storage and ask for help. The local file is kept as it is.</source>
        <translation>以下数量不一致：{0}。团队数据库缺少本配置历史中的部分行。请再次运行迁移；如果数量仍不一致，请让本配置继续使用本地存储并寻求帮助。本地文件原样保留。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The move was stopped. What was copied so far is in the team database and nothing is copied twice: run the move again to continue where it stopped. The local file is kept as it is.</source>
        <translation>迁移已停止。已复制的内容在团队数据库中，不会重复复制：再次运行迁移即可从停止处继续。本地文件原样保留。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The move did not finish.</source>
        <translation>迁移未完成。</translation>
    </message>
</context>
<context>
    <name>TemplateCheck</name>
    <message>
        <location filename="../../gui/views/partials/template_form.py" line="+63"/>
        <source>The template is empty.</source>
        <translation>模板为空。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The template must start with a 【signature】, e.g. 【Your company】.</source>
        <translation>模板必须以【签名】开头，例如【您的公司】。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 【signature】 must be at the very start of the template.</source>
        <translation>【签名】必须位于模板的最开头。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A template may carry only one 【signature】.</source>
        <translation>一个模板只能有一个【签名】。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The signature inside 【】 is empty.</source>
        <translation>【】中的签名为空。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A variable is malformed: write variables as #name# (letters, digits or _; no spaces), every # closed.</source>
        <translation>变量格式错误：变量应写作 #name#（字母、数字或下划线，不含空格），每个 # 都要成对。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The template has {0} characters; at most {1} are allowed.</source>
        <translation>模板有 {0} 个字，最多允许 {1} 个。</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location line="-34"/>
        <source>Tell me the review result, approved or rejected</source>
        <translation>通知审核结果（通过或未通过）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tell me only when it is rejected</source>
        <translation>仅在审核未通过时通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tell me only when it is approved</source>
        <translation>仅在审核通过时通知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Don&apos;t tell me</source>
        <translation>不通知</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Edit template {0}</source>
        <translation>编辑模板 {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add template</source>
        <translation>添加模板</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start with your 【signature】. Variables are written #name#, e.g. 【Acme】Your code is #code#.</source>
        <translation>以【签名】开头。变量写作 #name#，例如：【某某公司】您的验证码是 #code#。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saving sends the template back to review: it cannot be used for sending until the provider approves it again.</source>
        <translation>保存后模板将重新提交审核：在平台再次审核通过之前不能用于发送。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Template text</source>
        <translation>模板内容</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Review notification</source>
        <translation>审核通知</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Review notification:</source>
        <translation>审核通知：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save and submit for review</source>
        <translation>保存并提交审核</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} characters</source>
        <translation>{0} 个字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>variables: {0}</source>
        <translation>变量：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Looks right. {0}</source>
        <translation>格式正确。{0}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Checking blocked words and the signature…</source>
        <translation>正在检查屏蔽词和签名…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{0} is a blocked word: review will reject this template.</source>
        <translation>{0} 是屏蔽词：审核会拒绝此模板。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} are blocked words: review will reject this template.</source>
        <translation>{0} 是屏蔽词：审核会拒绝此模板。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The signature 【{0}】 is not on any approved template: review may reject it.</source>
        <translation>签名【{0}】不在任何已审核通过的模板中：审核可能会拒绝。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Blocked words and the signature could not be checked ({0}); review may still reject it.</source>
        <translation>无法检查屏蔽词和签名（{0}）；审核仍可能拒绝此模板。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Submit anyway</source>
        <translation>仍然提交</translation>
    </message>
</context>
<context>
    <name>TemplateReviewWatch</name>
    <message>
        <location filename="../../gui/views/partials/template_reviews.py" line="+92"/>
        <source>Template {0} was approved.</source>
        <translation>模板 {0} 已审核通过。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template {0} was rejected: {1}</source>
        <translation>模板 {0} 审核未通过：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template {0} was rejected.</source>
        <translation>模板 {0} 审核未通过。</translation>
    </message>
</context>
<context>
    <name>TemplateStatus</name>
    <message>
        <location filename="../../gui/views/partials/template_form.py" line="+49"/>
        <source>Approved</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>审核未通过</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <location filename="../../gui/views/templates.py" line="+68"/>
        <source>My templates</source>
        <translation>我的模板</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+40"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../gui/views/audit_detail_text.py" line="-64"/>
        <location filename="../../gui/views/templates.py" line="-39"/>
        <location line="+40"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../gui/views/templates.py" line="-39"/>
        <location line="+40"/>
        <source>Review</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No templates yet. Add one: it must start with your 【signature】 and is reviewed by the provider before you can send with it.</source>
        <translation>还没有模板。请添加一个：模板必须以【签名】开头，经平台审核通过后才能用于发送。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+30"/>
        <source>Use in compose</source>
        <translation>用于发送短信</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Default templates (provided by the gateway)</source>
        <translation>默认模板（由网关提供）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The gateway&apos;s default templates appear here.</source>
        <translation>网关提供的默认模板会显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a template from it…</source>
        <translation>以此为基础新建模板…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Loading templates…</source>
        <translation>正在加载模板…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} own template(s), {1} default template(s).</source>
        <translation>自有模板 {0} 个，默认模板 {1} 个。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The templates could not be loaded.</source>
        <translation>无法加载模板。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading the templates failed.</source>
        <translation>加载模板失败。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Only approved templates can be used for sending.</source>
        <translation>只有审核通过的模板才能用于发送。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Adding the template failed.</source>
        <translation>添加模板失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Submitting the template…</source>
        <translation>正在提交模板…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template {0} submitted; it is now in review.</source>
        <translation>模板 {0} 已提交，正在审核中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing changed; the template was not resubmitted.</source>
        <translation>没有改动，模板未重新提交。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saving the template failed.</source>
        <translation>保存模板失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saving the template…</source>
        <translation>正在保存模板…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Template {0} saved; it is back in review.</source>
        <translation>模板 {0} 已保存，已重新进入审核。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete template {0}?</source>
        <translation>删除模板 {0}？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Deleting the template failed.</source>
        <translation>删除模板失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleting the template…</source>
        <translation>正在删除模板…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Template {0} deleted.</source>
        <translation>模板 {0} 已删除。</translation>
    </message>
</context>
<context>
    <name>TextCounter</name>
    <message>
        <location filename="../../gui/views/partials/text_counter.py" line="+27"/>
        <source>Longest text: {0} characters, {1} part(s)</source>
        <translation>最长内容：{0} 个字，{1} 条</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} characters, {1} part(s)</source>
        <translation>{0} 个字，{1} 条</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>too long: at most {0} characters</source>
        <translation>太长：最多 {0} 个字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} recipient(s), {1} part(s) in all</source>
        <translation>{0} 个接收人，共 {1} 条</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cost unknown (set the price per part)</source>
        <translation>费用未知（请设置单价）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>estimated cost {0}</source>
        <translation>预估费用 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>balance unknown</source>
        <translation>余额未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>balance {0}</source>
        <translation>余额 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the estimate exceeds the balance</source>
        <translation>预估费用超过余额</translation>
    </message>
</context>
<context>
    <name>VariableForm</name>
    <message>
        <location filename="../../gui/views/partials/template_form.py" line="-25"/>
        <location line="+1"/>
        <source>value for #{0}#</source>
        <translation>#{0}# 的值</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../gui/views/profiles/welcome.py" line="+40"/>
        <location line="+4"/>
        <source>Welcome to {0}</source>
        <translation>欢迎使用 {0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Send text messages through your SMS account and follow what happens to them: single and bulk sends, templates, delivery reports, replies and opt-outs, campaigns to large lists.</source>
        <translation>通过您的短信账户发送短信并跟踪结果：单条发送和群发、模板、状态报告、回复和退订，以及面向大名单的群发任务。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+8"/>
        <source>Connect an account</source>
        <translation>连接账户</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Give the profile a name, enter the gateway address and your account&apos;s apikey. The apikey is kept in the system keyring, never in a file.</source>
        <translation>为账户配置命名，填写网关地址和账户的 apikey。apikey 保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+8"/>
        <source>Try the sandbox</source>
        <translation>试用沙盒</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>A practice gateway with a demo account runs inside the console. Every tab works, but nothing reaches a real phone and nothing is charged.</source>
        <translation>控制台内运行一个带演示账户的练习网关。所有标签页都可使用，但不会有短信发到真实手机，也不会产生任何费用。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>You can add or switch profiles later in Console → Profiles.</source>
        <translation>之后可以在“控制台 → 账户配置”中添加或切换账户配置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Create a profile for your SMS account: a name, the gateway address and the apikey. The apikey is kept in the system keyring.</source>
        <translation>为您的短信账户创建账户配置：名称、网关地址和 apikey。apikey 保存在系统密钥环中。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Another SMS Console is already running the sandbox. Use that window, or connect an account.</source>
        <translation>另一个 SMS Console 已在运行沙盒。请使用那个窗口，或连接一个账户。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The sandbox could not start: {0}</source>
        <translation>沙盒无法启动：{0}</translation>
    </message>
</context>
</TS>
