<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessReportView</name>
    <message>
        <source>Make the report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>打印PDF…</translation>
    </message>
    <message>
        <source>Choose a period and make the report.</source>
        <translation>请选择时间段，然后点“生成报告”。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Per user</source>
        <translation>按操作人</translation>
    </message>
    <message>
        <source>Per student</source>
        <translation>按学生</translation>
    </message>
    <message>
        <source>Not attributable</source>
        <translation>无法归属到学生</translation>
    </message>
    <message>
        <source>Not attributable: actions on students' data whose entry does not name the students (a whole class's grades entered at once, for example). Double-click a student to see their entries in the activity record.</source>
        <translation>“无法归属到学生”：涉及学生信息、但记录里没有写明是哪些学生的操作（例如整班成绩一次录入）。双击一名学生，可以查看与他有关的全部操作记录。</translation>
    </message>
    <message>
        <source>Period from</source>
        <translation>时间从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 个操作人</translation>
    </message>
    <message>
        <source>%1 users</source>
        <translation>%1 个操作人</translation>
    </message>
    <message>
        <source>1 student</source>
        <translation>1 名学生</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>%1 名学生</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 条记录</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 条记录</translation>
    </message>
    <message>
        <source>From %1 to %2: %3 touched the data of %4; %5 cannot be attributed to students.</source>
        <translation>%1 至 %2：共 %3接触过 %4的信息；另有 %5无法归属到具体学生。</translation>
    </message>
    <message>
        <source>From %1 to %2: %3 touched the data of %4.</source>
        <translation>%1 至 %2：共 %3接触过 %4的信息。</translation>
    </message>
    <message>
        <source>Access report</source>
        <translation>访问报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save the access report</source>
        <translation>保存访问报告</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>AidSection</name>
    <message>
        <source>Financial aid lists</source>
        <translation>资助名单上报</translation>
    </message>
    <message>
        <source>The days the term's aid lists are reported. Provinces set them: check these against your province's notice. The start page reminds you two weeks ahead.</source>
        <translation>每学期上报资助名单的日子。具体日期由各省定，请对照本省的通知核对。待办页会提前两周提醒。</translation>
    </message>
    <message>
        <source>What is reported</source>
        <translation>上报什么</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Add a date</source>
        <translation>添加一个日期</translation>
    </message>
    <message>
        <source>Remove the selected date</source>
        <translation>删除选中的日期</translation>
    </message>
</context>
<context>
    <name>AnnulDialog</name>
    <message>
        <source>Annul a punishment</source>
        <translation>撤销处分</translation>
    </message>
    <message>
        <source>Punishment:</source>
        <translation>处分：</translation>
    </message>
    <message>
        <source>Annulled on:</source>
        <translation>撤销日期：</translation>
    </message>
    <message>
        <source>Why it was wrongly imposed, e.g. the review decision.</source>
        <translation>处分为什么有误，例如复查决定。</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>撤销原因：</translation>
    </message>
    <message>
        <source>the decision</source>
        <translation>处分决定日期</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The archive cannot be opened</source>
        <translation>无法打开档案库</translation>
    </message>
</context>
<context>
    <name>AuditDetail</name>
    <message>
        <source>Choose an entry to see what it recorded.</source>
        <translation>在左边选一条记录，这里显示它的详细内容。</translation>
    </message>
    <message>
        <source>Before and after</source>
        <translation>改动前后</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Older entries…</source>
        <translation>更早的记录…</translation>
    </message>
    <message>
        <source>Reading the activity record…</source>
        <translation>正在读取操作记录…</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部操作人</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All of kind: %1</source>
        <translation>【%1】类的全部操作</translation>
    </message>
    <message>
        <source>Name or student no.</source>
        <translation>姓名或学号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>All students</source>
        <translation>全部学生</translation>
    </message>
    <message>
        <source>Only from</source>
        <translation>只看日期从</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Nothing is shown: correct the filters and try again.</source>
        <translation>没有显示记录：请改正查询条件后再点“查看”。</translation>
    </message>
    <message>
        <source>No entries match these filters.</source>
        <translation>没有符合这些条件的记录。</translation>
    </message>
    <message>
        <source>1 entry, shown.</source>
        <translation>共 1 条，已全部显示。</translation>
    </message>
    <message>
        <source>%1 entries, all shown.</source>
        <translation>共 %1 条，已全部显示。</translation>
    </message>
    <message>
        <source>The newest %1 entries are shown; there are older ones.</source>
        <translation>已显示最近的 %1 条，还有较早的记录。</translation>
    </message>
    <message>
        <source>No student matches what you typed.</source>
        <translation>没有找到这名学生，请检查姓名或学号。</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>涉及学生</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>改后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Students viewed</source>
        <translation>查看的学生数</translation>
    </message>
    <message>
        <source>Students printed</source>
        <translation>打印的学生数</translation>
    </message>
    <message>
        <source>Students exported</source>
        <translation>导出的学生数</translation>
    </message>
    <message>
        <source>Students changed</source>
        <translation>修改的学生数</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Viewed by</source>
        <translation>查看人</translation>
    </message>
    <message>
        <source>Printed by</source>
        <translation>打印人</translation>
    </message>
    <message>
        <source>Exported by</source>
        <translation>导出人</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条数</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Access report</source>
        <translation>访问报告</translation>
    </message>
    <message>
        <source>Checking the activity record…</source>
        <translation>正在核对操作记录…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Everything done in the archive is written to the activity record, each entry sealed to the one before, so a changed or removed entry shows. The line at the top says whether the record is intact; if it is red, keep the archive as it is and compare with a backup.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Audit log&lt;/b&gt;: choose a user, an action, a student (type a name or student no. and press Find) or a period, then Show. The newest entries come first; Older entries… reads further back. The right side shows the chosen entry and, for a change of a record, each field before and after.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Access report&lt;/b&gt;: for a period, which users viewed, printed, exported or changed which students' data, for a data incident or the annual review. Save it as Excel or PDF; saving is itself recorded.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在档案里做的每一件事都会写进操作记录，每一条都和前一条连在一起，所以任何一条被改动或删掉都能发现。最上面一行说明操作记录是否完整；如果是红色的，请不要再动这个档案，并和备份对照。&lt;/p&gt;&lt;p&gt;&lt;b&gt;审计日志&lt;/b&gt;：选择操作人、操作、学生（输入姓名或学号后点“查找”）或日期，再点“查看”。最新的记录排在最前面；点“更早的记录…”可以往前看。右边显示选中的记录；如果是修改学生信息，还会列出每一项改前和改后的内容。&lt;/p&gt;&lt;p&gt;&lt;b&gt;访问报告&lt;/b&gt;：某段时间里，哪些人查看、打印、导出或修改了哪些学生的信息，用于信息安全事件的调查和年度检查。可以导出Excel或打印PDF；导出和打印本身也会记录下来。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>Viewed</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>document no.</source>
        <translation>证明编号</translation>
    </message>
    <message>
        <source>the archive</source>
        <translation>档案库</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>transfer package</source>
        <translation>转学档案包</translation>
    </message>
    <message>
        <source>term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>major</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>receiving batch</source>
        <translation>档案接收批次</translation>
    </message>
    <message>
        <source>course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>backup drive</source>
        <translation>备份盘</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>grade sheet</source>
        <translation>成绩表</translation>
    </message>
    <message>
        <source>document type</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>backup time</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>student #%1 (no longer in the archive)</source>
        <translation>学生 #%1（档案里已没有这名学生）</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>%1 名学生</translation>
    </message>
    <message>
        <source>Entry no.: %1</source>
        <translation>记录编号：%1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>时间：%1</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>操作人：%1</translation>
    </message>
    <message>
        <source>Action: %1 (%2)</source>
        <translation>操作：%1（%2）</translation>
    </message>
    <message>
        <source>Concerns: %1</source>
        <translation>操作对象：%1</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>等，另有 %1 名</translation>
    </message>
    <message>
        <source>Students: %1</source>
        <translation>涉及学生：%1</translation>
    </message>
    <message>
        <source>Details as recorded:</source>
        <translation>记录的详细内容：</translation>
    </message>
    <message>
        <source>The query has 1 thing to correct:</source>
        <translation>查询条件有 1 处需要修改：</translation>
    </message>
    <message>
        <source>The query has %1 things to correct:</source>
        <translation>查询条件有 %1 处需要修改：</translation>
    </message>
</context>
<context>
    <name>AwardDialog</name>
    <message>
        <source>Add an award</source>
        <translation>新增奖励</translation>
    </message>
    <message>
        <source>e.g. Merit Student</source>
        <translation>例如：三好学生</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>级别：</translation>
    </message>
    <message>
        <source>Award:</source>
        <translation>奖励名称：</translation>
    </message>
    <message>
        <source>Decided on:</source>
        <translation>决定日期：</translation>
    </message>
    <message>
        <source>Document no.:</source>
        <translation>文号：</translation>
    </message>
    <message>
        <source>Decided by:</source>
        <translation>决定单位：</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>事由：</translation>
    </message>
</context>
<context>
    <name>BackupHistoryModel</name>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backup completed</source>
        <translation>核对自动备份</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Restore drill</source>
        <translation>恢复演练</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Old backups removed</source>
        <translation>清理旧备份</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Waiting for a check</source>
        <translation>等待核对</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>备份盘</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>（自动）</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Last good backup</source>
        <translation>上次成功的备份</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Drive:</source>
        <translation>备份盘：</translation>
    </message>
    <message>
        <source>Students:</source>
        <translation>学生人数：</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Check backups</source>
        <translation>核对备份</translation>
    </message>
    <message>
        <source>Restore drill</source>
        <translation>恢复演练</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>History</source>
        <translation>备份记录</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>&lt;p&gt;The archive is copied, encrypted, to a dedicated backup drive that the administrator enrolled. While the program runs it backs up once a day when the drive is plugged in, and again when you close it after changes.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Back up now&lt;/b&gt; makes a backup at once. &lt;b&gt;Check backups&lt;/b&gt; reads every backup on the drive again to catch a drive going bad. &lt;b&gt;Restore drill&lt;/b&gt; restores the newest backup into a temporary place and checks it: do one every month.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Restore…&lt;/b&gt; (administrators) replaces the archive with a backup; the current archive is kept beside it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;档案库会加密复制到管理员登记的专用备份盘上。程序开着的时候，只要插着备份盘，每天自动备份一次；有改动时，关闭程序前也会再备份一次。&lt;/p&gt;&lt;p&gt;&lt;b&gt;立即备份&lt;/b&gt;：马上做一份备份。&lt;b&gt;核对备份&lt;/b&gt;：把盘上的备份重新读一遍，及早发现备份盘出问题。&lt;b&gt;恢复演练&lt;/b&gt;：把最新的备份恢复到一个临时的地方检查一遍，建议每月做一次。&lt;/p&gt;&lt;p&gt;&lt;b&gt;恢复…&lt;/b&gt;（管理员）：用一份备份替换现在的档案库；现在的档案库会保留在旁边。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>— (the drive is not plugged in)</source>
        <translation>—（备份盘未插入）</translation>
    </message>
    <message>
        <source>plugged in (%1)</source>
        <translation>已插入（%1）</translation>
    </message>
    <message>
        <source>not plugged in</source>
        <translation>未插入</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>No backup drive is enrolled yet. Plug in a dedicated external drive and click “Enrol a backup drive…”.</source>
        <translation>还没有登记备份盘。请插入一个专用的移动硬盘或U盘，然后点“登记备份盘…”。</translation>
    </message>
    <message>
        <source>No backup drive is enrolled yet. Ask the administrator to enrol one.</source>
        <translation>还没有登记备份盘。请管理员登记一个备份盘。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Plug in the backup drive (%1): the backup then runs by itself.</source>
        <translation>请插入备份盘（%1），插好后会自动备份。</translation>
    </message>
    <message>
        <source>The last backup did not succeed: %1</source>
        <translation>上次备份没有成功：%1</translation>
    </message>
    <message>
        <source>%1 backup(s) failed their check: the drive may be going bad. Make a new backup on another drive soon and check this one.</source>
        <translation>有 %1 份备份没有通过核对，备份盘可能出了问题。请尽快在另一个备份盘上做一份新的备份，并检查这个盘。</translation>
    </message>
    <message>
        <source>%1 backup(s) failed their check: the drive may be going bad. Tell the administrator.</source>
        <translation>有 %1 份备份没有通过核对，备份盘可能出了问题。请告诉管理员。</translation>
    </message>
    <message>
        <source>%1 of %2 backups failed their check: the drive may be going bad. Make a new backup on another drive soon and check this one.</source>
        <translation>%2 份备份中有 %1 份没有通过核对，备份盘可能出了问题。请尽快在另一个备份盘上做一份新的备份，并检查这个盘。</translation>
    </message>
    <message>
        <source>%1 of %2 backups failed their check: the drive may be going bad. Tell the administrator.</source>
        <translation>%2 份备份中有 %1 份没有通过核对，备份盘可能出了问题。请告诉管理员。</translation>
    </message>
    <message>
        <source>Restore drill failed: %1</source>
        <translation>恢复演练没有通过：%1</translation>
    </message>
    <message>
        <source>There is no good backup from the last day. Plug in the drive and click “Back up now”.</source>
        <translation>最近一天没有成功的备份。请插入备份盘，然后点“立即备份”。</translation>
    </message>
    <message>
        <source>A restore drill is suggested once a month: click “Restore drill” to check that the backup really restores.</source>
        <translation>建议每月做一次恢复演练：点“恢复演练”，检查备份确实能恢复。</translation>
    </message>
    <message>
        <source>No backup drive is enrolled yet: enrol one first.</source>
        <translation>还没有登记备份盘，请先登记一个备份盘。</translation>
    </message>
    <message>
        <source>No backup drive is enrolled yet: ask the administrator to enrol one.</source>
        <translation>还没有登记备份盘，请管理员登记一个备份盘。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Checking every backup on the drive…</source>
        <translation>正在核对备份盘上的每一份备份…</translation>
    </message>
    <message>
        <source>Restore drill: restoring the newest backup into a temporary place…</source>
        <translation>恢复演练：正在把最新的备份恢复到临时的地方…</translation>
    </message>
    <message>
        <source>Backup made and checked: %1 students.</source>
        <translation>备份已完成并核对无误：共 %1 名学生。</translation>
    </message>
    <message>
        <source>The drive will be full in a few backups: get a larger one.</source>
        <translation>再备份几次这个盘就满了，请准备一个更大的备份盘。</translation>
    </message>
    <message>
        <source>No backup to check on the plugged-in drives.</source>
        <translation>插入的备份盘上没有可以核对的备份。</translation>
    </message>
    <message>
        <source>All %1 backups passed their check.</source>
        <translation>%1 份备份全部通过核对。</translation>
    </message>
    <message>
        <source>Restore drill passed: the backup of %1 restores completely (%2 students).</source>
        <translation>恢复演练通过：%1 的备份可以完整恢复（%2 名学生）。</translation>
    </message>
    <message>
        <source>Stopped. Nothing of it was kept; earlier backups are untouched.</source>
        <translation>已停止。这次没有留下任何东西，以前的备份没有受影响。</translation>
    </message>
    <message>
        <source>Checking older backups…</source>
        <translation>正在核对以前的备份…</translation>
    </message>
    <message>
        <source>Backup drive “%1” enrolled.</source>
        <translation>备份盘“%1”已登记。</translation>
    </message>
</context>
<context>
    <name>BackupProgress</name>
    <message>
        <source>Checking the automatic backup…</source>
        <translation>正在核对自动备份…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Checking older backups…</source>
        <translation>正在核对以前的备份…</translation>
    </message>
</context>
<context>
    <name>BackupReasons</name>
    <message>
        <source>The backup did not finish (the cause is unknown). Earlier backups are untouched. Try again; if it keeps happening, contact the administrator.</source>
        <translation>备份没有完成（原因不明）。以前的备份没有受影响。请再试一次；如果反复出现，请联系管理员。</translation>
    </message>
    <message>
        <source>Stopped. Earlier backups are untouched.</source>
        <translation>已停止。以前的备份没有受影响。</translation>
    </message>
    <message>
        <source>This backup failed its check (its contents differ from what was recorded when it was made) and cannot be restored from. The drive may be failing: tell the administrator.</source>
        <translation>这份备份没有通过核对（内容与备份时记录的不一致），不能用来恢复。备份盘可能出了问题，请告诉管理员。</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <source>Backing up the changes before closing…</source>
        <translation>关闭前，正在备份新的改动…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>Last backup: %1 (%2)</source>
        <translation>上次备份：%1（%2）</translation>
    </message>
    <message>
        <source>No backup yet</source>
        <translation>还没有备份</translation>
    </message>
    <message>
        <source>Click to open Backup and restore.</source>
        <translation>点这里打开“备份与恢复”。</translation>
    </message>
    <message>
        <source>The last backup did not succeed.</source>
        <translation>上次备份没有成功。</translation>
    </message>
    <message>
        <source>The last good backup is more than a day old.</source>
        <translation>上次成功的备份已超过一天。</translation>
    </message>
</context>
<context>
    <name>BatchGraduationDialog</name>
    <message>
        <source>Graduation of %1</source>
        <translation>%1 毕业办理</translation>
    </message>
    <message>
        <source>Graduation</source>
        <translation>毕业</translation>
    </message>
    <message>
        <source>Completion without diploma</source>
        <translation>结业</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>异动类别</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Result of the check</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Checking each student…</source>
        <translation>正在逐个审核学生…</translation>
    </message>
    <message>
        <source>Record for the eligible students</source>
        <translation>为符合条件的学生办理</translation>
    </message>
    <message>
        <source>Eligible</source>
        <translation>符合毕业条件</translation>
    </message>
    <message>
        <source>Not eligible</source>
        <translation>不符合毕业条件</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>批准文号</translation>
    </message>
    <message>
        <source>No student of this class is enrolled now.</source>
        <translation>本班现在没有在籍学生。</translation>
    </message>
    <message>
        <source>%1 students are enrolled: %2 eligible, %3 not eligible (see why below).</source>
        <translation>本班在籍 %1 人：%2 人符合条件，%3 人不符合（原因见下）。</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>正在办理…</translation>
    </message>
    <message>
        <source>Stop after this student</source>
        <translation>办完这一名后停止</translation>
    </message>
    <message>
        <source>Recorded for %1 students.</source>
        <translation>已为 %1 名学生办理。</translation>
    </message>
    <message>
        <source>%1 refused.</source>
        <translation>%1 名未能办理。</translation>
    </message>
    <message>
        <source>Stopped: %1 not done; they can be done later.</source>
        <translation>已停止：还有 %1 名没有办理，可以以后再办。</translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <source>diploma no. %1</source>
        <translation>毕业证书编号 %1</translation>
    </message>
    <message>
        <source>✗ %1: %2</source>
        <translation>✗ %1：%2</translation>
    </message>
    <message>
        <source>– %1: not done (stopped)</source>
        <translation>– %1：未办理（已停止）</translation>
    </message>
    <message>
        <source>Not eligible, not recorded:</source>
        <translation>不符合条件、未办理的学生：</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Save the calendar</source>
        <translation>保存校历</translation>
    </message>
    <message>
        <source>You can read the calendar; a clerk's account is needed to change it.</source>
        <translation>您可以查看校历；要修改，需要用档案员的账号登录。</translation>
    </message>
    <message>
        <source>School calendar</source>
        <translation>校历</translation>
    </message>
    <message>
        <source>The term was saved.</source>
        <translation>学期已保存。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The calendar was not saved: correct what is shown in red.</source>
        <translation>校历没有保存：请改正红字标出的地方。</translation>
    </message>
    <message>
        <source>This year graduates leave on %1; the graduation formalities are done in the 20 working days from %2.</source>
        <translation>今年毕业生%1离校；毕业手续要在%2起的 20 个工作日内办完。</translation>
    </message>
    <message>
        <source>&lt;p&gt;The school calendar dates the start page's reminders: the registration deadlines, the 20 working days before graduates leave, the financial-aid reporting days, when a lent file is due back and when to ask for a missing receipt.&lt;/p&gt;&lt;p&gt;Enter each winter's statutory holidays and the weekend days worked instead: working days are counted with them.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Save the calendar&lt;/b&gt;; anything that cannot be right (such as 31 April) is shown in red beside its section and nothing is saved.&lt;/p&gt;&lt;p&gt;Add each term with &lt;b&gt;New term…&lt;/b&gt; before it begins; &lt;b&gt;Change…&lt;/b&gt; corrects the selected term's name or dates. A term is saved at once, on its own.&lt;/p&gt;</source>
        <translation>&lt;p&gt;待办页的提醒按校历里的日期算：学籍注册截止日、毕业生离校前的 20 个工作日、资助名单上报日、借出的档案哪天该还、转递后多久该催回执。&lt;/p&gt;&lt;p&gt;每年冬天把下一年的法定节假日和调休上班的周末填进来，数工作日时会用到。&lt;/p&gt;&lt;p&gt;填好后点&lt;b&gt;保存校历&lt;/b&gt;；不可能对的地方（比如4月31日）会用红字标在那一栏旁边，这时什么都不会保存。&lt;/p&gt;&lt;p&gt;每个学期开始前，点&lt;b&gt;新增学期…&lt;/b&gt;把它加上；选中一个学期点&lt;b&gt;修改…&lt;/b&gt;，可以改它的名称和起止日期。学期在对话框里一保存就生效，不用再点“保存校历”。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>MMMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Your password for %1. Type the current one, then the new one twice. From now on you sign in and unlock with the new password.</source>
        <translation>修改 %1 的密码。先输入现在的密码，再把新密码输入两次。以后登录和解锁都用新密码。</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>现在的密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>再输一次新密码：</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>请输入现在的密码。</translation>
    </message>
    <message>
        <source>Your password has been changed. Use the new one from now on.</source>
        <translation>密码已修改。从现在起请使用新密码。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The current password is wrong; nothing was changed.</source>
        <translation>现在的密码不正确，密码没有修改。</translation>
    </message>
</context>
<context>
    <name>ChangeTableModel</name>
    <message>
        <source>Date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>异动类别</translation>
    </message>
    <message>
        <source>Status before → after</source>
        <translation>学籍状态（前 → 后）</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>批准文号</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新建）</translation>
    </message>
    <message>
        <source>Revoked: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Expected back %1</source>
        <translation>预计 %1 复学</translation>
    </message>
</context>
<context>
    <name>ClassSection</name>
    <message>
        <source>Counted with the filters above.</source>
        <translation>按上面的筛选条件统计。</translation>
    </message>
</context>
<context>
    <name>ClassTableModel</name>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Intake year</source>
        <translation>入学年份</translation>
    </message>
    <message>
        <source>Graduating year</source>
        <translation>届</translation>
    </message>
    <message>
        <source>Head teacher</source>
        <translation>班主任</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>在籍</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>休学</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离校</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>ClassesPage</name>
    <message>
        <source>Show students</source>
        <translation>查看学生</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <source>Graduate the class…</source>
        <translation>全班办理毕业…</translation>
    </message>
    <message>
        <source>Issue documents…</source>
        <translation>出具文书…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>&lt;p&gt;Every class with its major, year of intake, graduating year and head teacher, and how many of its students are enrolled, on leave or have left.&lt;/p&gt;&lt;p&gt;Double-click a class to see its students. &lt;b&gt;Graduate the class…&lt;/b&gt; first checks every enrolled student against the graduation rules and shows who is not eligible and why; it then records the graduation of the eligible students one by one. Students already recorded stay recorded if you stop part-way.&lt;/p&gt;</source>
        <translation>&lt;p&gt;这里列出每个班级的专业、入学年份、届、班主任，以及在籍、休学、已离校的人数。&lt;/p&gt;&lt;p&gt;双击班级可查看本班学生。&lt;b&gt;全班办理毕业…&lt;/b&gt;会先按毕业条件逐个审核在籍学生，列出不符合条件的学生和原因；然后为符合条件的学生逐个办理毕业。中途停止时，已经办理的学生保持已办理。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 classes, %2 students</source>
        <translation>共 %1 个班级，%2 名学生</translation>
    </message>
    <message>
        <source>Destinations…</source>
        <translation>毕业去向…</translation>
    </message>
</context>
<context>
    <name>ContentsDialog</name>
    <message>
        <source>Papers in the file</source>
        <translation>档案袋里的材料</translation>
    </message>
    <message>
        <source>%1: how many pieces of each paper are in the folder. 0 means the paper is not in it. Whether it is scanned comes from the attachments of the record.</source>
        <translation>%1：档案袋里每种材料各有几份。填 0 表示袋里没有这种材料。是否已扫描，看的是学籍档案附件里有没有它的扫描件。</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Pieces in the folder</source>
        <translation>袋内份数</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必备</translation>
    </message>
    <message>
        <source>scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必备</translation>
    </message>
</context>
<context>
    <name>ContentsModel</name>
    <message>
        <source>Paper</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>In the folder</source>
        <translation>袋内份数</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必备</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺</translation>
    </message>
    <message>
        <source>scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必备</translation>
    </message>
</context>
<context>
    <name>CropDialog</name>
    <message>
        <source>Crop the photo</source>
        <translation>裁剪照片</translation>
    </message>
    <message>
        <source>Drag the frame over the face and shoulders; the slider sets its size. The photo is saved at 358 × 441 pixels (26 × 32 mm).</source>
        <translation>用鼠标把方框拖到头部和肩膀上，用滑块调整方框大小。照片按 358×441 像素（26×32 毫米）保存。</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>DatesSection</name>
    <message>
        <source>Deadlines and the day graduates leave</source>
        <translation>截止日和毕业生离校日</translation>
    </message>
    <message>
        <source>Autumn intake registered by:</source>
        <translation>秋季新生学籍注册截止日：</translation>
    </message>
    <message>
        <source>Spring intake registered by:</source>
        <translation>春季新生学籍注册截止日：</translation>
    </message>
    <message>
        <source>Graduates leave on:</source>
        <translation>毕业生离校日：</translation>
    </message>
    <message>
        <source>20 November and 20 April are the national registration deadlines. The day graduates leave is the school's own.</source>
        <translation>11月20日和4月20日是国家规定的新生学籍注册截止日。毕业生哪天离校由学校自己定。</translation>
    </message>
</context>
<context>
    <name>DecideDialog</name>
    <message>
        <source>Approve the destruction</source>
        <translation>批准销毁</translation>
    </message>
    <message>
        <source>Reject the proposal</source>
        <translation>驳回销毁申请</translation>
    </message>
    <message>
        <source>The content of %1 scans (%2) will be removed from the archive for good. The destruction register keeps what they were, who approved it and which backups still hold them until they expire.</source>
        <translation>这 %1 份扫描件（%2）的内容将从档案中永久删除，无法恢复。销毁清册会记下它们是什么材料、由谁批准，以及哪些备份里还存有它们、到何时过期。</translation>
    </message>
    <message>
        <source>The proposal of %1 scans (%2) is rejected; the scans are kept.</source>
        <translation>驳回这 %1 份扫描件（%2）的销毁申请，扫描件继续保存。</translation>
    </message>
    <message>
        <source>Approving closes %1 scans (%2): they can no longer be opened. The destruction register keeps what they were and who approved it.</source>
        <translation>批准后，这 %1 份扫描件（%2）将不能再打开。销毁清册会记下它们是什么材料、由谁批准。</translation>
    </message>
    <message>
        <source>Approving closes %1 scans (%2). The content of those whose file nothing else uses is removed from the archive for good; the others are named below. The destruction register keeps what they were, who approved it and which backups still hold them until they expire.</source>
        <translation>批准后，这 %1 份扫描件（%2）将不能再打开。其中文件没有别的材料在用的，内容从档案中永久删除，无法恢复；其余的见下面的说明。销毁清册会记下它们是什么材料、由谁批准，以及哪些备份里还存有它们、到何时过期。</translation>
    </message>
    <message>
        <source>Your password:</source>
        <translation>您的登录密码：</translation>
    </message>
    <message>
        <source>Remark:</source>
        <translation>审批意见：</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>The password is wrong; nothing was destroyed. Type your own password.</source>
        <translation>密码不正确，没有销毁。请输入您本人的登录密码。</translation>
    </message>
    <message>
        <source>The password is wrong; nothing was rejected. Type your own password.</source>
        <translation>密码不正确，没有驳回。请输入您本人的登录密码。</translation>
    </message>
    <message>
        <source>Type your password to confirm.</source>
        <translation>请输入您的登录密码以确认。</translation>
    </message>
</context>
<context>
    <name>DestinationModel</name>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>毕业去向</translation>
    </message>
    <message>
        <source>Employer or school</source>
        <translation>单位或学校</translation>
    </message>
    <message>
        <source>Matches major</source>
        <translation>是否对口</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Employment</source>
        <translation>就业</translation>
    </message>
    <message>
        <source>Further study</source>
        <translation>升学</translation>
    </message>
    <message>
        <source>Military service</source>
        <translation>参军</translation>
    </message>
    <message>
        <source>Stage transfer</source>
        <translation>转段</translation>
    </message>
    <message>
        <source>3+2 and five-year programme students moving on to the higher stage</source>
        <translation>3+2、五年一贯制学生转入高职阶段</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>DestinationsDialog</name>
    <message>
        <source>Destinations of %1</source>
        <translation>%1 毕业去向</translation>
    </message>
    <message>
        <source>Double-click a cell to fill it in. Only rows with a destination chosen are saved; all of them are saved together, or none if one is wrong.</source>
        <translation>双击格子填写。只保存选了毕业去向的行；这些行一起保存，有一行填错就都不保存。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Export sheet to fill in…</source>
        <translation>导出填写表…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 students of this class have left; %2 have no destination recorded.</source>
        <translation>本班已离校 %1 人，其中 %2 人还没有登记毕业去向。</translation>
    </message>
    <message>
        <source>No student of this class has left yet.</source>
        <translation>本班还没有离校的学生。</translation>
    </message>
    <message>
        <source>Saved: the destinations of %1 students were recorded or changed.</source>
        <translation>已保存：登记或修改了 %1 名学生的毕业去向。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1 rows have problems (shown in the last column).</source>
        <translation>没有保存：有 %1 行填写有误（见最后一列“问题”）。</translation>
    </message>
    <message>
        <source>%1 destinations.xlsx</source>
        <translation>%1 毕业去向.xlsx</translation>
    </message>
    <message>
        <source>Export sheet to fill in</source>
        <translation>导出填写表</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The sheet was saved: %1</source>
        <translation>填写表已保存：%1</translation>
    </message>
    <message>
        <source>Close without saving the changes?</source>
        <translation>改动还没有保存，确定关闭吗？</translation>
    </message>
</context>
<context>
    <name>DestructionRegisterModel</name>
    <message>
        <source>Serial</source>
        <translation>清册编号</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Backups still holding it</source>
        <translation>仍存有该文件的备份</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Destroyed %1 by %2</source>
        <translation>已销毁 %1，批准人 %2</translation>
    </message>
    <message>
        <source>Rejected %1 by %2</source>
        <translation>已驳回 %1，审批人 %2</translation>
    </message>
</context>
<context>
    <name>DifferenceModel</name>
    <message>
        <source>Only in the national list</source>
        <translation>国家系统有，档案中没有</translation>
    </message>
    <message>
        <source>Only in this archive</source>
        <translation>档案中有，国家系统没有</translation>
    </message>
    <message>
        <source>Different status</source>
        <translation>学籍状态不一致</translation>
    </message>
    <message>
        <source>Different details</source>
        <translation>信息不一致</translation>
    </message>
    <message>
        <source>National number not recorded</source>
        <translation>学籍号未登记</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>DisciplineTab</name>
    <message>
        <source>Add award…</source>
        <translation>新增奖励…</translation>
    </message>
    <message>
        <source>Add punishment…</source>
        <translation>新增处分…</translation>
    </message>
    <message>
        <source>Lift punishment…</source>
        <translation>解除处分…</translation>
    </message>
    <message>
        <source>Annul punishment…</source>
        <translation>撤销处分…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <source>Send paper files</source>
        <translation>档案转递</translation>
    </message>
    <message>
        <source>The students listed below</source>
        <translation>下列学生</translation>
    </message>
    <message>
        <source>Every student of a class who has left:</source>
        <translation>整个班级中已离校的学生：</translation>
    </message>
    <message>
        <source>Confidential mail no.:</source>
        <translation>机要编号：</translation>
    </message>
    <message>
        <source>Collected by:</source>
        <translation>领取人：</translation>
    </message>
    <message>
        <source>Print the file transfer slips after saving</source>
        <translation>保存后打印档案转递单</translation>
    </message>
    <message>
        <source>Receiver kind:</source>
        <translation>接收单位类别：</translation>
    </message>
    <message>
        <source>Receiver:</source>
        <translation>接收单位：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Sent by:</source>
        <translation>转递方式：</translation>
    </message>
    <message>
        <source>Sent on:</source>
        <translation>转递日期：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Choose the class.</source>
        <translation>请选择班级。</translation>
    </message>
    <message>
        <source>Add the students whose files are sent.</source>
        <translation>请添加要转递档案的学生。</translation>
    </message>
    <message>
        <source>No file of this class can be sent: every student has either not left, or the file is already sent, kept by the school or lent out.</source>
        <translation>这个班没有可以转递的档案：学生都还没离校，或档案已转递、学校归档保存或已借出。</translation>
    </message>
</context>
<context>
    <name>DispatchModel</name>
    <message>
        <source>%1 (voided)</source>
        <translation>%1（已作废）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Sent on</source>
        <translation>转递日期</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>接收单位</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Number / collected by</source>
        <translation>机要编号/领取人</translation>
    </message>
    <message>
        <source>Slip serial</source>
        <translation>转递单编号</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回执</translation>
    </message>
</context>
<context>
    <name>DispatchView</name>
    <message>
        <source>All dispatches in force</source>
        <translation>全部有效的转递</translation>
    </message>
    <message>
        <source>Waiting for the receipt</source>
        <translation>等待回执的</translation>
    </message>
    <message>
        <source>Voided ones too</source>
        <translation>包括已作废的</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Send files…</source>
        <translation>转递档案…</translation>
    </message>
    <message>
        <source>Receipt back…</source>
        <translation>登记回执…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Print transfer slips</source>
        <translation>打印档案转递单</translation>
    </message>
    <message>
        <source>%1 dispatches</source>
        <translation>共 %1 条转递</translation>
    </message>
    <message>
        <source>, %1 receipts overdue</source>
        <translation>，其中 %1 条回执逾期未回</translation>
    </message>
    <message>
        <source>Void a dispatch</source>
        <translation>作废转递</translation>
    </message>
    <message>
        <source>Void the dispatch of %1 to %2 on %3? It stays in the register, marked void, and the file can then be sent again. Why (e.g. sent back, wrong receiver)?</source>
        <translation>作废 %1 于 %3 转递至 %2 的记录吗？记录仍保留，标为作废，之后可以重新转递。作废原因（例如被退回、单位填错）：</translation>
    </message>
</context>
<context>
    <name>DocumentKinds</name>
    <message>
        <source>Transcript</source>
        <translation>成绩单</translation>
    </message>
    <message>
        <source>Registration card</source>
        <translation>学籍卡</translation>
    </message>
    <message>
        <source>Information check sheet</source>
        <translation>信息核对表</translation>
    </message>
    <message>
        <source>Graduation attestation</source>
        <translation>毕业证明书</translation>
    </message>
    <message>
        <source>Certificate of incomplete study</source>
        <translation>肄业证明书</translation>
    </message>
    <message>
        <source>Enrolment certificate</source>
        <translation>在读证明</translation>
    </message>
    <message>
        <source>Graduate registration form</source>
        <translation>毕业生登记表</translation>
    </message>
    <message>
        <source>Leave approval form</source>
        <translation>休学审批表</translation>
    </message>
    <message>
        <source>Return approval form</source>
        <translation>复学审批表</translation>
    </message>
    <message>
        <source>Withdrawal approval form</source>
        <translation>退学审批表</translation>
    </message>
    <message>
        <source>Transfer application</source>
        <translation>转学申请表</translation>
    </message>
    <message>
        <source>Transfer acceptance letter</source>
        <translation>接收函</translation>
    </message>
    <message>
        <source>Status change notice</source>
        <translation>学籍异动通知书</translation>
    </message>
    <message>
        <source>File handover list</source>
        <translation>档案移交清单</translation>
    </message>
    <message>
        <source>Class roster</source>
        <translation>班级花名册</translation>
    </message>
    <message>
        <source>Graduates' register</source>
        <translation>毕业生名册</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>All documents</source>
        <translation>全部文书</translation>
    </message>
    <message>
        <source>Student no., name or serial number</source>
        <translation>学号、姓名或文书编号</translation>
    </message>
    <message>
        <source>Check a document…</source>
        <translation>核验文书…</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文书：</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Graduates of a year…</source>
        <translation>按届出具…</translation>
    </message>
    <message>
        <source>Issue a document for every graduate of one year, class by class</source>
        <translation>为某一届的全部毕业生出具文书，按班级依次排列</translation>
    </message>
    <message>
        <source>Show all students</source>
        <translation>显示全部学生</translation>
    </message>
    <message>
        <source>Declare void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Issue register</source>
        <translation>发放登记</translation>
    </message>
    <message>
        <source>&lt;p&gt;Every document printed or saved from this archive is listed here with its serial number, for whom it was made, the purpose, who issued it and when. The newest come first. Choose a kind of document or type a student no., a name or a serial number to narrow the list.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Check a document…&lt;/b&gt; tells whether a paper brought to you was issued by this archive and is unchanged: type its serial number or scan its QR code.&lt;/p&gt;</source>
        <translation>&lt;p&gt;从本档案库打印或保存的每一份文书都登记在这里：编号、为谁出具、用途、出具人和时间，最新的排在最前面。选择文书种类，或输入学号、姓名、文书编号，可以缩小范围。&lt;/p&gt;&lt;p&gt;&lt;b&gt;核验文书…&lt;/b&gt;：有人拿来一份文书时，可以查出它是不是本档案库出具的、内容有没有被改过。输入文书上的编号，或用扫码枪扫它的二维码即可。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Declare void…&lt;/b&gt;: a document that must no longer count (lost, wrong, replaced) is marked void with a reason. It stays in the list; a check of it then says it is no longer valid.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;作废…&lt;/b&gt;：不应再算数的文书（遗失、打错、已换发），写明原因后作废。它仍留在登记里，核验时会显示“已失效”。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>One student</source>
        <translation>一名学生</translation>
    </message>
    <message>
        <source>%1 documents</source>
        <translation>共 %1 份文书</translation>
    </message>
    <message>
        <source>Only the documents of: %1</source>
        <translation>只显示这名学生的文书：%1</translation>
    </message>
    <message>
        <source>Declare void</source>
        <translation>作废文书</translation>
    </message>
    <message>
        <source>Declare the document %1 (%2) void? It stays in the register, but a check of it will say it is no longer valid. Why is it void (e.g. lost, printed wrongly)?</source>
        <translation>要作废文书 %1（%2）吗？它仍留在登记里，但核验时会显示已失效。请写明作废原因（例如：遗失、打印有误）：</translation>
    </message>
    <message>
        <source>Graduates of a year</source>
        <translation>按届出具</translation>
    </message>
    <message>
        <source>Year of graduation:</source>
        <translation>毕业年份（届）：</translation>
    </message>
    <message>
        <source>Graduates of %1</source>
        <translation>%1届毕业生</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Save the error file…</source>
        <translation>保存错误文件…</translation>
    </message>
    <message>
        <source>Show these students</source>
        <translation>查看这些学生</translation>
    </message>
    <message>
        <source>Import finished: %1 grades added, %2 changed, %3 rows not imported.</source>
        <translation>导入完成：新增 %1 条成绩，修改 %2 条，%3 行没有导入。</translation>
    </message>
    <message>
        <source>Import finished: %1 destinations recorded, %2 changed, %3 rows not imported.</source>
        <translation>导入完成：新登记毕业去向 %1 条，修改 %2 条，未导入 %3 行。</translation>
    </message>
    <message>
        <source>Import finished: %1 students added, %2 updated, %3 rows not imported.</source>
        <translation>导入完成：新增 %1 名学生，更新 %2 名，%3 行没有导入。</translation>
    </message>
    <message>
        <source>%1 rows had errors or were duplicates. Save the error file, correct those rows in it and import it again.</source>
        <translation>有 %1 行有错误或重复。请保存错误文件，在其中改正这些行后再导入一次。</translation>
    </message>
</context>
<context>
    <name>DriveBox</name>
    <message>
        <source>Backup drives</source>
        <translation>备份盘</translation>
    </message>
    <message>
        <source>Enrol a backup drive…</source>
        <translation>登记备份盘…</translation>
    </message>
    <message>
        <source>Daily backup at:</source>
        <translation>每天备份时间：</translation>
    </message>
    <message>
        <source>Save time</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>No backup drive enrolled yet.</source>
        <translation>还没有登记备份盘。</translation>
    </message>
    <message>
        <source>Unenrol “%1”…</source>
        <translation>取消登记“%1”…</translation>
    </message>
    <message>
        <source>The daily backup now runs at %1.</source>
        <translation>每日备份时间已改为 %1。</translation>
    </message>
    <message>
        <source>Unenrol the backup drive</source>
        <translation>取消登记备份盘</translation>
    </message>
    <message>
        <source>Unenrol the backup drive “%1”? The program will no longer back up to it. The backups already on it are not deleted: they can still be restored with the recovery code.</source>
        <translation>要取消登记备份盘“%1”吗？以后不再往这个盘上备份。盘上已有的备份不会删除，仍然可以用恢复码恢复。</translation>
    </message>
    <message>
        <source>Backup drive “%1” unenrolled. Its backups stay on it.</source>
        <translation>已取消登记备份盘“%1”。盘上的备份仍然保留。</translation>
    </message>
</context>
<context>
    <name>DriveDialog</name>
    <message>
        <source>Enrol a backup drive</source>
        <translation>登记备份盘</translation>
    </message>
    <message>
        <source>Use a dedicated external drive that stays with the school (two, rotated every week, are better still). Backups are written only to enrolled drives. They are encrypted: the drive alone, without the recovery sheet, shows nothing.</source>
        <translation>请用一个专门的移动硬盘或U盘，放在学校保管（最好两个，每周轮换）。备份只会写到登记过的备份盘上。备份是加密的：只有备份盘、没有恢复单，谁也看不到里面的内容。</translation>
    </message>
    <message>
        <source>The drive, e.g. E:\</source>
        <translation>备份盘，例如 E:\</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Drive or folder:</source>
        <translation>备份盘或文件夹：</translation>
    </message>
    <message>
        <source>e.g. Backup drive 1</source>
        <translation>例如：备份盘一</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Enrolling the drive…</source>
        <translation>正在登记备份盘…</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the backup drive</source>
        <translation>选择备份盘</translation>
    </message>
    <message>
        <source>This drive uses FAT32, which cannot hold a file over 4 GB. That is enough for now; when the archive grows that large, format the drive as exFAT or NTFS.</source>
        <translation>这个盘是 FAT32 格式，单个文件不能超过 4 GB。现在够用；等档案库长到这么大时，请把盘格式化为 exFAT 或 NTFS。</translation>
    </message>
    <message>
        <source>Choose the backup drive first.</source>
        <translation>请先选择备份盘。</translation>
    </message>
</context>
<context>
    <name>DueListModel</name>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Left school</source>
        <translation>离校日期</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>已提出销毁</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <source>Left on</source>
        <translation>离校日期</translation>
    </message>
    <message>
        <source>Paper file</source>
        <translation>纸质档案</translation>
    </message>
    <message>
        <source>Lent out</source>
        <translation>已借出</translation>
    </message>
</context>
<context>
    <name>DueView</name>
    <message>
        <source>Send the chosen files…</source>
        <translation>转递选中的档案…</translation>
    </message>
    <message>
        <source>Kept by the school…</source>
        <translation>学校归档保存…</translation>
    </message>
    <message>
        <source>Students who have left school whose paper file has been neither sent on nor kept by the school.</source>
        <translation>已离校、档案既未转递也未由学校归档保存的学生。</translation>
    </message>
    <message>
        <source>%1 files to send</source>
        <translation>共 %1 份档案待转递</translation>
    </message>
    <message>
        <source>, %1 of them lent out</source>
        <translation>，其中 %1 份已借出</translation>
    </message>
    <message>
        <source>The paper file of %1 is lent out and cannot be sent until it is returned. Leave it out of the selection, or record its return first.</source>
        <translation>%1的纸质档案已借出，归还以前不能转递。请不要选它，或先登记归还。</translation>
    </message>
    <message>
        <source>Kept by the school</source>
        <translation>学校归档保存</translation>
    </message>
    <message>
        <source>Keep the paper file of %1 in the school instead of sending it on? Why?</source>
        <translation>%1 的纸质档案改由学校归档保存、不再转递吗？原因：</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <source>Fill this in.</source>
        <translation>此项必须填写。</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters (now %2).</source>
        <translation>太长：最多 %1 个字符（现有 %2 个）。</translation>
    </message>
    <message>
        <source>Not a valid date.</source>
        <translation>日期无效。</translation>
    </message>
    <message>
        <source>This date is after today.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <source>Cannot be before %1 (%2).</source>
        <translation>不能早于%1（%2）。</translation>
    </message>
    <message>
        <source>Correct the marked fields first. Nothing was saved.</source>
        <translation>请先改正标红的各项，没有保存任何内容。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong in the program. Your saved work is safe. Try again; if it happens again, close Xueji Desktop, start it again and tell the administrator.</source>
        <translation>程序出了点问题。已经保存的内容不会丢失。请再试一次；如果还是不行，请关闭学籍档案室程序后重新打开，并告诉管理员。</translation>
    </message>
    <message>
        <source>Xueji Desktop</source>
        <translation>学籍档案室</translation>
    </message>
</context>
<context>
    <name>EventModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>经过</translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>New students…</source>
        <translation>新生名单…</translation>
    </message>
    <message>
        <source>A list of new students, e.g. from the admissions office</source>
        <translation>新生名单，例如招生办提供的名单</translation>
    </message>
    <message>
        <source>Earlier graduates…</source>
        <translation>历史补录…</translation>
    </message>
    <message>
        <source>Old records typed in from paper registers</source>
        <translation>从纸质档案录入的以前毕业生的记录</translation>
    </message>
    <message>
        <source>Corrections from head teachers…</source>
        <translation>班主任核对表…</translation>
    </message>
    <message>
        <source>The check sheets the head teachers returned</source>
        <translation>班主任核对后交回的表</translation>
    </message>
    <message>
        <source>Compare with the national system…</source>
        <translation>与国家学籍系统核对…</translation>
    </message>
    <message>
        <source>Photos in bulk…</source>
        <translation>批量导入照片…</translation>
    </message>
    <message>
        <source>Find where the archive and the national list disagree</source>
        <translation>找出档案与国家学籍系统名单不一致的地方</translation>
    </message>
    <message>
        <source>A folder or zip of photos named by ID number</source>
        <translation>以身份证件号命名的照片文件夹或 zip 压缩包</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Student record packages</source>
        <translation>学籍档案包</translation>
    </message>
    <message>
        <source>Make a package…</source>
        <translation>制作档案包（转出/移交）…</translation>
    </message>
    <message>
        <source>Take in a package…</source>
        <translation>转入档案包…</translation>
    </message>
    <message>
        <source>The whole record of students who transfer out, or of an archive handed over, in one encrypted file</source>
        <translation>转出学生或移交档案的全部学籍档案，装进一个加密文件</translation>
    </message>
    <message>
        <source>A package from another school's archive: checked, shown, then added</source>
        <translation>其他学校档案室发来的档案包：先核验、再查看，确认后添加</translation>
    </message>
    <message>
        <source>Imported since you signed in:</source>
        <translation>本次登录后导入的表格：</translation>
    </message>
    <message>
        <source>Nothing imported yet.</source>
        <translation>还没有导入过表格。</translation>
    </message>
    <message>
        <source>Import and export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Import&lt;/b&gt; reads an Excel file (.xlsx or .xls) in four steps: choose the file, check which column is which field, look at the preview, then import. Nothing is written before you confirm; rows with errors can be left out and are written, marked in red with the reason, into an error file you correct and import again.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Compare with the national system&lt;/b&gt; reads the list exported from the national student-registry system and shows where it and the archive disagree; &lt;b&gt;Photos in bulk&lt;/b&gt; imports a folder of photos named by ID number.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Export&lt;/b&gt; writes the lists the national system and the education bureau ask for as Excel files. Every export is recorded with who made it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Student record packages&lt;/b&gt; carry the whole record of students who transfer out (or of an archive handed over) to another Xueji archive, encrypted with a package password you give the receiver separately.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;导入&lt;/b&gt;分四步读取 Excel 表格（.xlsx 或 .xls）：选择文件，核对每一列对应的项目，查看预览，然后导入。您确认之前不会写入任何数据；有错误的行可以不导入，它们会写进一个错误文件，错误的格子标成红色并写明原因，改正后再导入即可。&lt;/p&gt;&lt;p&gt;&lt;b&gt;与国家学籍系统核对&lt;/b&gt;读取从国家学籍系统导出的名单，列出它与档案不一致的地方；&lt;b&gt;批量导入照片&lt;/b&gt;导入以身份证件号命名的一批照片。&lt;/p&gt;&lt;p&gt;&lt;b&gt;导出&lt;/b&gt;把国家学籍系统和教育局需要的名单保存为 Excel 表格。每次导出都会记录是谁导出的。&lt;/p&gt;&lt;p&gt;&lt;b&gt;学籍档案包&lt;/b&gt;把转出学生（或移交档案）的全部学籍档案装进一个加密文件，交给另一个学籍档案系统；打开它的密码请另行告诉接收单位。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1  %2: %3 added, %4 updated, %5 rows not imported</source>
        <translation>%1  %2：新增 %3 名，更新 %4 名，%5 行未导入</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Student records (national template)</source>
        <translation>学生信息（国家模板）</translation>
    </message>
    <message>
        <source>Every field in the layout of the national system's template, labels instead of codes. Large lists are split into several sheets or files.</source>
        <translation>按国家学籍系统模板的格式导出全部项目，代码写成文字。人数很多时会分成几个工作表或几个文件。</translation>
    </message>
    <message>
        <source>Class roster</source>
        <translation>班级花名册</translation>
    </message>
    <message>
        <source>Grade sheet</source>
        <translation>成绩登记表</translation>
    </message>
    <message>
        <source>Blank grade sheet</source>
        <translation>空白成绩表</translation>
    </message>
    <message>
        <source>For teachers to fill in; the filled sheet can be imported again.</source>
        <translation>给任课教师填写；填好的表可以再导入。</translation>
    </message>
    <message>
        <source>Status changes list</source>
        <translation>学籍异动名单</translation>
    </message>
    <message>
        <source>Graduates list</source>
        <translation>毕业生名单</translation>
    </message>
    <message>
        <source>With the diploma numbers.</source>
        <translation>含毕业证书编号。</translation>
    </message>
    <message>
        <source>Financial aid list</source>
        <translation>资助名单</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>One JPG per student, named by ID number, for uploading to the national system.</source>
        <translation>每名学生一张 JPG 照片，以身份证件号命名，用于上传国家学籍系统。</translation>
    </message>
    <message>
        <source>Data-health report</source>
        <translation>数据体检报告</translation>
    </message>
    <message>
        <source>Check sheets for head teachers</source>
        <translation>班主任核对表</translation>
    </message>
    <message>
        <source>One file per class for its head teacher to check. The returned sheets are imported as corrections from a head teacher.</source>
        <translation>每个班一个文件，交给班主任核对。交回的表在“导入导出”中按“班主任核对表”导入。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 of %2…</source>
        <translation>已完成 %1 / %2…</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Replace files of the same name in the folder</source>
        <translation>替换文件夹中同名的文件</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>学期：</translation>
    </message>
    <message>
        <source>Course:</source>
        <translation>课程：</translation>
    </message>
    <message>
        <source>Year of graduation:</source>
        <translation>毕业年份：</translation>
    </message>
    <message>
        <source>Effective from:</source>
        <translation>生效日期：</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Your account may not export.</source>
        <translation>您的账号不能导出数据。</translation>
    </message>
    <message>
        <source>All courses (one column each)</source>
        <translation>全部课程（每门一列）</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Export into the folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Save the export as</source>
        <translation>导出的文件保存为</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>%1 files saved in %2</source>
        <translation>%1 个文件已保存到 %2</translation>
    </message>
    <message>
        <source>Stopped. No file was written.</source>
        <translation>已停止，没有生成文件。</translation>
    </message>
</context>
<context>
    <name>FamilyMemberBox</name>
    <message>
        <source>Remove this member</source>
        <translation>删除这位成员</translation>
    </message>
    <message>
        <source>Family member %1</source>
        <translation>家庭成员%1</translation>
    </message>
</context>
<context>
    <name>FamilySection</name>
    <message>
        <source>Add a family member</source>
        <translation>添加家庭成员</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Excel file:</source>
        <translation>Excel 文件：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>New students</source>
        <translation>新生名单</translation>
    </message>
    <message>
        <source>A list of new students, e.g. from the admissions office. Students already in the archive (same ID number) are updated.</source>
        <translation>新生名单，例如招生办提供的名单。档案中已有的学生（身份证件号相同）会更新其信息。</translation>
    </message>
    <message>
        <source>Earlier graduates (from paper records)</source>
        <translation>历史补录（以前的毕业生）</translation>
    </message>
    <message>
        <source>Old records typed in from paper: name, birth date, major, year of entry and year of leaving are enough.</source>
        <translation>从纸质档案录入的旧记录：有姓名、出生日期、专业、入学年份和离校年份即可。</translation>
    </message>
    <message>
        <source>Corrections from a head teacher</source>
        <translation>班主任核对表</translation>
    </message>
    <message>
        <source>The check sheet a head teacher returned: only changes of students already in the archive, found by student no. or ID number.</source>
        <translation>班主任核对后交回的表：只修改档案中已有学生的信息，按学号或身份证件号查找学生。</translation>
    </message>
    <message>
        <source>Grade sheet</source>
        <translation>成绩表</translation>
    </message>
    <message>
        <source>A grade sheet a teacher filled in (the grade sheet or blank grade sheet exported from here, or a sheet with the student no. and one column per course).</source>
        <translation>任课教师填好的成绩表（从这里导出的成绩登记表或空白成绩表，或第一列为学号、每门课程一列的表）。</translation>
    </message>
    <message>
        <source>Graduates' destinations</source>
        <translation>毕业去向</translation>
    </message>
    <message>
        <source>Student no., name, destination (employment, further study, military, stage transfer or other), employer or school, matches major, date, remark: the sheet exported from Classes, Destinations…</source>
        <translation>学号、姓名、毕业去向（就业、升学、参军、转段或其他）、单位或学校、是否对口、登记日期、备注：即在“班级”页点“毕业去向…”导出的填写表。</translation>
    </message>
    <message>
        <source>What kind of list is it?</source>
        <translation>这是什么表？</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>学期：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Course:</source>
        <translation>课程：</translation>
    </message>
    <message>
        <source>As the sheet's title says</source>
        <translation>按表格标题中写的</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>As it stood on</source>
        <translation>按某一天统计：</translation>
    </message>
    <message>
        <source>Count each student's status on that day, from the history of status changes</source>
        <translation>根据学籍异动记录，推算每名学生在那一天的学籍状态</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>年级</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Graduates of</source>
        <translation>毕业年份</translation>
    </message>
    <message>
        <source>All intakes</source>
        <translation>全部年级</translation>
    </message>
    <message>
        <source>All majors</source>
        <translation>全部专业</translation>
    </message>
    <message>
        <source>the latest year</source>
        <translation>最近一届</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>统计日期：%1</translation>
    </message>
    <message>
        <source>Intake: %1</source>
        <translation>年级：%1</translation>
    </message>
    <message>
        <source>Major: %1</source>
        <translation>专业：%1</translation>
    </message>
    <message>
        <source>Class: %1</source>
        <translation>班级：%1</translation>
    </message>
    <message>
        <source>Filtered by each student's current class and major.</source>
        <translation>按学生现在所在的班级和专业筛选。</translation>
    </message>
    <message>
        <source>%1 had no students yet on %2: its intake came later.</source>
        <translation>%1 在 %2 还没有学生（这个班是以后才招生的），所以人数都是 0。</translation>
    </message>
    <message>
        <source>The %1 intake had no students yet on %2.</source>
        <translation>%1 在 %2 还没有学生（以后才入学），所以人数都是 0。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>New archive — Xueji Desktop</source>
        <translation>新建档案库 — 学籍档案室</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Create the school's archive</source>
        <translation>建立学校的档案库</translation>
    </message>
    <message>
        <source>There is no archive in this folder yet:
%1
Three short steps create one. Only an administrator needs to do this, once.</source>
        <translation>这个文件夹里还没有档案库：
%1
只需三步就能建好。这件事由管理员做一次即可。</translation>
    </message>
    <message>
        <source>as on the school's seal</source>
        <translation>与学校公章上的名称一致</translation>
    </message>
    <message>
        <source>optional; can be added later</source>
        <translation>可以不填，以后再补</translation>
    </message>
    <message>
        <source>School name:</source>
        <translation>学校名称：</translation>
    </message>
    <message>
        <source>School code:</source>
        <translation>学校代码：</translation>
    </message>
    <message>
        <source>Just want to look around first? The practice archive has made-up students and creates nothing here.</source>
        <translation>想先看看怎么用？练习库里是虚构的学生，不会在这里建立任何东西。</translation>
    </message>
    <message>
        <source>Open the practice archive instead</source>
        <translation>先打开练习库看看</translation>
    </message>
    <message>
        <source>The first administrator</source>
        <translation>第一个管理员账户</translation>
    </message>
    <message>
        <source>This account manages users and settings; it may also enter records. The password needs at least 12 characters: a short sentence you can remember is best.</source>
        <translation>这个账户负责管理用户和设置，也可以录入学籍。密码至少 12 个字符，最好用一句自己记得住的短句。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再输一次密码：</translation>
    </message>
    <message>
        <source>Print the recovery sheet…</source>
        <translation>打印恢复单…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Sent to the printer. Check that the page came out readable.</source>
        <translation>已送往打印机。请看一下打印出来的字是否清楚。</translation>
    </message>
    <message>
        <source>Save the recovery sheet</source>
        <translation>保存恢复单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1. Print it, then delete the file.</source>
        <translation>已保存到 %1。打印出来以后，请删除这个文件。</translation>
    </message>
    <message>
        <source>The recovery sheet could not be printed or saved. Write the code down by hand.</source>
        <translation>恢复单没能打印或保存。请把恢复码抄写在纸上。</translation>
    </message>
    <message>
        <source>The recovery code — shown only this once</source>
        <translation>恢复码——只显示这一次</translation>
    </message>
    <message>
        <source>Print this code or write it down clearly on paper now, and keep the paper in the safe with the school's other important documents. When a password is forgotten or the computer is replaced, only this code opens the archive. The program does not keep it anywhere.</source>
        <translation>请现在把这个恢复码打印出来，或工整地抄在纸上，和学校其他重要材料一起锁进保险柜。忘记密码或更换电脑时，只有用它才能打开档案库。本软件不会在任何地方保存它。</translation>
    </message>
    <message>
        <source>To show it is written down, type group %1 and group %2 (counted from the left) from your paper:</source>
        <translation>为确认已经抄好，请照着纸上的内容，输入第 %1 组和第 %2 组（从左往右数）：</translation>
    </message>
    <message>
        <source>Group %1:</source>
        <translation>第 %1 组：</translation>
    </message>
    <message>
        <source>Step %1 of 3</source>
        <translation>第 %1 步，共 3 步</translation>
    </message>
    <message>
        <source>Create the archive</source>
        <translation>建立档案库</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Please enter the school's name.</source>
        <translation>请填写学校名称。</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <source>Cancelling — nothing is kept…</source>
        <translation>正在取消，不会保留任何内容…</translation>
    </message>
    <message>
        <source>Please enter a user name for the administrator.</source>
        <translation>请填写管理员的用户名。</translation>
    </message>
    <message>
        <source>The two passwords are not the same. Please type them again.</source>
        <translation>两次输入的密码不一样，请重新输入。</translation>
    </message>
    <message>
        <source>Creating the archive (this takes a few seconds)…</source>
        <translation>正在建立档案库（需要几秒钟）…</translation>
    </message>
    <message>
        <source>This does not match the code above. Compare it with your paper.</source>
        <translation>与上面的恢复码不一致，请对照纸上抄写的内容检查。</translation>
    </message>
    <message>
        <source>The archive could not be created because of an unexpected problem. Nothing was kept. Please try again.</source>
        <translation>因为意外问题，档案库没有建成，也没有留下任何内容。请再试一次。</translation>
    </message>
    <message>
        <source>Preparing the practice archive (the first time takes a minute)…</source>
        <translation>正在准备练习库（第一次需要一两分钟）…</translation>
    </message>
</context>
<context>
    <name>GradeEntry</name>
    <message>
        <source>Enter a number from 0 to 100.</source>
        <translation>请填写 0 到 100 之间的数字。</translation>
    </message>
</context>
<context>
    <name>GradeSheetModel</name>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Makeup exam</source>
        <translation>补考</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>重修</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Type a number from 0 to 100 here. A grade (%1) goes in the Grade column.</source>
        <translation>这一栏请填 0 到 100 的分数。等级（%1）请填在“等级”一栏。</translation>
    </message>
</context>
<context>
    <name>GradesPage</name>
    <message>
        <source>Open sheet</source>
        <translation>打开成绩表</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Type a score (0–100) or a grade (%1); a grade typed under Score moves to the Grade column by itself. Enter moves down; Ctrl+V pastes a column copied from Excel.</source>
        <translation>填写成绩（0–100）或等级（%1）；在“成绩”一栏填的等级会自动移到“等级”一栏。按回车到下一名学生；按 Ctrl+V 粘贴从 Excel 复制的一列。</translation>
    </message>
    <message>
        <source>Save all</source>
        <translation>全部保存</translation>
    </message>
    <message>
        <source>Undo unsaved changes</source>
        <translation>放弃未保存的修改</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>&lt;p&gt;Choose the class, the course and the term, then press &lt;b&gt;Open sheet&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Type each student's score and press Enter to go to the next student. You can also copy a column of scores in Excel and paste it here with Ctrl+V, starting at the first student's cell.&lt;/p&gt;&lt;p&gt;A red cell has a mistake: point at it to read what is wrong. &lt;b&gt;Save all&lt;/b&gt; saves the whole sheet at once, and only when no cell is red; until then nothing is saved and nothing is lost.&lt;/p&gt;&lt;p&gt;Makeup exams and retakes are entered on the student's own record.&lt;/p&gt;</source>
        <translation>&lt;p&gt;先选班级、课程和学期，再点&lt;b&gt;打开成绩表&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;输入每名学生的成绩，按回车到下一名学生。也可以在 Excel 里复制一列成绩，点中第一名学生的格子后按 Ctrl+V 粘贴。&lt;/p&gt;&lt;p&gt;红色的格子填写有误，把鼠标停在上面可以看到原因。&lt;b&gt;全部保存&lt;/b&gt;一次保存整张表，只有没有红色格子时才能保存；在此之前什么都不会保存，也不会丢失。&lt;/p&gt;&lt;p&gt;补考和重修成绩在学生本人的档案里录入。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No students are in this class.</source>
        <translation>这个班级没有学生。</translation>
    </message>
    <message>
        <source>Some cells are red. Correct them first: nothing is saved until all are right.</source>
        <translation>有红色的格子，请先改正：全部正确后才能保存。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1 rows have a mistake (red). Correct them and save again.</source>
        <translation>没有保存：有 %1 行填写有误（红色），请改正后再保存。</translation>
    </message>
    <message>
        <source>Saved: %1 students' results.</source>
        <translation>已保存 %1 名学生的成绩。</translation>
    </message>
    <message>
        <source>Unsaved grades</source>
        <translation>成绩尚未保存</translation>
    </message>
    <message>
        <source>The grades you typed are not saved yet. Throw them away?</source>
        <translation>刚才输入的成绩还没有保存，要放弃吗？</translation>
    </message>
    <message>
        <source>%1 students · %2 unsaved cells</source>
        <translation>共 %1 名学生 · %2 处未保存</translation>
    </message>
    <message>
        <source> · %1 cells with a mistake</source>
        <translation> · %1 处有误</translation>
    </message>
</context>
<context>
    <name>GradesSection</name>
    <message>
        <source>per course</source>
        <translation>按课程</translation>
    </message>
    <message>
        <source>per class</source>
        <translation>按班级</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Choose a term and press Count. The filters above apply.</source>
        <translation>选好学期后点“统计”。上面的筛选条件同样适用。</translation>
    </message>
    <message>
        <source>All terms</source>
        <translation>全部学期</translation>
    </message>
    <message>
        <source>All courses</source>
        <translation>全部课程</translation>
    </message>
</context>
<context>
    <name>GradesTab</name>
    <message>
        <source>Enter makeup score…</source>
        <translation>录入补考成绩…</translation>
    </message>
    <message>
        <source>Enter retake score…</source>
        <translation>录入重修成绩…</translation>
    </message>
    <message>
        <source>Select a failed course to enter its makeup or retake result.</source>
        <translation>选中一门不及格的课程，可录入它的补考或重修成绩。</translation>
    </message>
    <message>
        <source>Only a failed original result has a makeup exam or a retake.</source>
        <translation>只有原成绩不及格的课程才能补考或重修。</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help: %1</source>
        <translation>说明：%1</translation>
    </message>
</context>
<context>
    <name>IdCardButton</name>
    <message>
        <source>Read ID card</source>
        <translation>读身份证</translation>
    </message>
    <message>
        <source>Lay the resident ID card on the reader, then click.</source>
        <translation>把居民身份证放在读卡器上，再点这个按钮。</translation>
    </message>
    <message>
        <source>This reader connection is untested on a real reader: check every filled item against the card.</source>
        <translation>这个读卡器连接还没有在真的读卡器上试用过：请逐项对照证件检查填进去的内容。</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>停止读卡</translation>
    </message>
    <message>
        <source>Lay the ID card flat on the reader and keep it still…</source>
        <translation>请把身份证平放在读卡器上，不要移动……</translation>
    </message>
    <message>
        <source>The card could not be read. Please type the details from the card.</source>
        <translation>证件没有读出来。请照证件手工填写。</translation>
    </message>
    <message>
        <source>Filled in from the ID card. Please check the items against the card.</source>
        <translation>已按身份证填好。请对照证件检查一遍。</translation>
    </message>
    <message>
        <source>The reader could not pass on every character of the name: compare the name with the card and correct it.</source>
        <translation>姓名里有读卡器没能读准的字：请对照证件核对姓名，有错就改过来。</translation>
    </message>
    <message>
        <source>The same is true of the address: compare it with the card.</source>
        <translation>住址也有没读准的字：请对照证件核对。</translation>
    </message>
    <message>
        <source>Ethnic group on the card: %1. Choose it in the list.</source>
        <translation>证件上的民族是“%1”，请在列表里选择。</translation>
    </message>
    <message>
        <source>The card photo is small; it is saved with the record. Take a proper photo before reporting.</source>
        <translation>身份证上的照片比较小，会和这条记录一起保存。上报前请另拍一张标准照片。</translation>
    </message>
    <message>
        <source>This reader connection is untested on a real reader.</source>
        <translation>这个读卡器连接还没有在真的读卡器上试用过。</translation>
    </message>
    <message>
        <source>The card photo could not be saved; add a photo by hand.</source>
        <translation>身份证照片没能保存，请另外添加照片。</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>No change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Row %1, column “%2”: %3</source>
        <translation>第%1行“%2”列：%3</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第%1行：%2</translation>
    </message>
    <message>
        <source>Same student as row %1</source>
        <translation>与第 %1 行是同一名学生</translation>
    </message>
    <message>
        <source>(and %1 more)</source>
        <translation>（另有 %1 处）</translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation>将修改：%1</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Now in the archive</source>
        <translation>档案中现在是</translation>
    </message>
    <message>
        <source>After the import</source>
        <translation>导入后改为</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>%1: %2 rows</source>
        <translation>%1：%2 行</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>Reading the sheet…</source>
        <translation>正在读取表格…</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <source>Row %1 of %2 checked…</source>
        <translation>已检查 %1 / %2 行…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Row %1 of %2 imported…</source>
        <translation>已导入 %1 / %2 行…</translation>
    </message>
    <message>
        <source>Writing the error file…</source>
        <translation>正在生成错误文件…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the Excel file</source>
        <translation>选择 Excel 文件</translation>
    </message>
    <message>
        <source>Check the columns</source>
        <translation>核对各列</translation>
    </message>
    <message>
        <source>Preview: nothing has been imported yet</source>
        <translation>预览：还没有导入任何数据</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Step %1 of 4: %2</source>
        <translation>第 %1 步（共 4 步）：%2</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>Check the rows &gt;</source>
        <translation>逐行检查 &gt;</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stopped. Nothing in the archive was changed.</source>
        <translation>已停止，档案中的数据没有任何改动。</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel 表格 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Sheet “%1”: %2 rows</source>
        <translation>工作表“%1”：共 %2 行</translation>
    </message>
    <message>
        <source>Sheet “%1”: header in row %2, %3 rows below it</source>
        <translation>工作表“%1”：表头在第 %2 行，下面有 %3 行</translation>
    </message>
    <message>
        <source>Rows with new grades: %1; rows with changed grades: %2.</source>
        <translation>有新成绩的行：%1；成绩有改动的行：%2。</translation>
    </message>
    <message>
        <source>Destinations to record: %1 new, %2 changed.</source>
        <translation>将新登记 %1 名学生的毕业去向，修改 %2 名。</translation>
    </message>
    <message>
        <source>%1 students will be added and %2 updated.</source>
        <translation>将新增 %1 名学生，更新 %2 名学生的信息。</translation>
    </message>
    <message>
        <source>The %1 rows with errors or duplicates are not imported.</source>
        <translation>有错误或重复的 %1 行不导入。</translation>
    </message>
    <message>
        <source>Import now?</source>
        <translation>现在导入吗？</translation>
    </message>
    <message>
        <source>Imported from %1</source>
        <translation>从 %1 导入的学生</translation>
    </message>
    <message>
        <source>%1 (errors).xlsx</source>
        <translation>%1（错误）.xlsx</translation>
    </message>
    <message>
        <source>Save the error file</source>
        <translation>保存错误文件</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>The error file was saved: %1</source>
        <translation>错误文件已保存：%1</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Receive paper files</source>
        <translation>接收登记</translation>
    </message>
    <message>
        <source>e.g. the junior school, the old school</source>
        <translation>例如：初中学校、原就读学校</translation>
    </message>
    <message>
        <source>Kind of delivery:</source>
        <translation>接收类别：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>来自：</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>接收日期：</translation>
    </message>
    <message>
        <source>Delivered by:</source>
        <translation>送档人：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Every required paper arrived</source>
        <translation>必备材料都已收到</translation>
    </message>
    <message>
        <source>Set one piece of each required paper for the selected students (all when none is selected)</source>
        <translation>为选中的学生（未选中时为全部学生）把每种必备材料记为 1 份</translation>
    </message>
    <message>
        <source>Remove from the batch</source>
        <translation>移出本批</translation>
    </message>
    <message>
        <source>Shelve these files at once</source>
        <translation>同时上架到</translation>
    </message>
    <message>
        <source>Cabinet:</source>
        <translation>柜：</translation>
    </message>
    <message>
        <source>Shelf:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Box:</source>
        <translation>盒：</translation>
    </message>
    <message>
        <source>Print the receipt after saving</source>
        <translation>保存后打印接收回执</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必备</translation>
    </message>
    <message>
        <source>%1 students in this batch</source>
        <translation>本批共 %1 名学生</translation>
    </message>
    <message>
        <source>Add the students whose files arrived.</source>
        <translation>请添加收到档案的学生。</translation>
    </message>
</context>
<context>
    <name>IntakeLineModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Papers received</source>
        <translation>收到的材料</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
</context>
<context>
    <name>IntakeModel</name>
    <message>
        <source>Received on</source>
        <translation>接收日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Delivered by</source>
        <translation>送档人</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <source>Receive files…</source>
        <translation>接收登记…</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印接收回执</translation>
    </message>
    <message>
        <source>%1 deliveries</source>
        <translation>共 %1 批</translation>
    </message>
</context>
<context>
    <name>IntegrityPage</name>
    <message>
        <source>Checks the archive the way archive inspectors do (authenticity, integrity, usability and security of electronic records): every record, every scan and the activity record are read and compared now. It takes a few minutes on a large archive; you can keep it running and stop it at any time.</source>
        <translation>按档案检查的要求，检测电子档案的真实性、完整性、可用性和安全性（四性）：把每条记录、每份扫描件和操作日志都实际读出来逐项核对。档案多时需要几分钟，检测时可以照常工作，也可以随时停止。</translation>
    </message>
    <message>
        <source>Run the check</source>
        <translation>开始检测</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>打印PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检测…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Four-property check</source>
        <translation>四性检测</translation>
    </message>
    <message>
        <source>&lt;p&gt;The four-property check (authenticity, integrity, usability, security) is what archive inspectors ask for. Each item says what was checked, how, and what was found.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Green&lt;/b&gt;: passed. &lt;b&gt;Amber&lt;/b&gt;: needs attention (for example no recent backup, or empty required fields); follow the sentence. &lt;b&gt;Red&lt;/b&gt;: failed (for example a changed activity record or a missing scan): tell the administrator at once.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Print PDF…&lt;/b&gt; makes the signed paper report for the inspection; &lt;b&gt;Export Excel…&lt;/b&gt; gives the same items with their figures.&lt;/p&gt;</source>
        <translation>&lt;p&gt;四性检测（真实性、完整性、可用性、安全性）是档案检查时要看的内容。每一项都写明检测了什么、怎么检测的、检测结果如何。&lt;/p&gt;&lt;p&gt;&lt;b&gt;绿色&lt;/b&gt;：通过。&lt;b&gt;黄色&lt;/b&gt;：需注意（例如近期没有备份、必填信息没填齐），请按说明处理。&lt;b&gt;红色&lt;/b&gt;：不通过（例如操作日志被改动、扫描件找不到），请立即报告管理员。&lt;/p&gt;&lt;p&gt;&lt;b&gt;打印PDF…&lt;/b&gt; 打出供检查时签字存档的检测报告；&lt;b&gt;导出Excel…&lt;/b&gt; 导出同样的检测项和数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>正在停止（当前这一步做完后停止）…</translation>
    </message>
    <message>
        <source>Stopped. Nothing was recorded; run the check again when ready.</source>
        <translation>已停止，没有留下检测记录。需要时请重新开始检测。</translation>
    </message>
    <message>
        <source>Click “Run the check” to check the archive now.</source>
        <translation>点“开始检测”，立即检测本档案库。</translation>
    </message>
    <message>
        <source>%1 (checked %2 by %3)</source>
        <translation>检测结论：%1（%3 于 %2 检测）</translation>
    </message>
    <message>
        <source>Select an item to see how it was checked.</source>
        <translation>点选一个检测项，可以查看检测方法和依据。</translation>
    </message>
    <message>
        <source>How it was checked: %1</source>
        <translation>检测方法：%1</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>检测情况：%1</translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation>检测依据（数据）：%1</translation>
    </message>
    <message>
        <source>Four-property check %1</source>
        <translation>四性检测报告%1</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>检测报告保存为</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>IntegrityTable</name>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>需注意</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未检测</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>检测类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>检测情况</translation>
    </message>
</context>
<context>
    <name>LendDialog</name>
    <message>
        <source>Lend a paper file</source>
        <translation>借出档案</translation>
    </message>
    <message>
        <source>No student chosen.</source>
        <translation>还没有选择学生。</translation>
    </message>
    <message>
        <source>e.g. political review for enlistment</source>
        <translation>例如：征兵政审</translation>
    </message>
    <message>
        <source>Due back on</source>
        <translation>归还期限</translation>
    </message>
    <message>
        <source>Student:</source>
        <translation>学生：</translation>
    </message>
    <message>
        <source>Borrower:</source>
        <translation>借阅人：</translation>
    </message>
    <message>
        <source>Borrower's unit:</source>
        <translation>借阅单位：</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <source>Lent on:</source>
        <translation>借出日期：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Without a due date the file is due back after the school calendar's loan period.</source>
        <translation>不填归还期限时，按校历设置的借阅期限计算。</translation>
    </message>
    <message>
        <source>Choose the student whose file is lent.</source>
        <translation>请选择要借出档案的学生。</translation>
    </message>
</context>
<context>
    <name>LiftDialog</name>
    <message>
        <source>Lift a punishment</source>
        <translation>解除处分</translation>
    </message>
    <message>
        <source>Punishment:</source>
        <translation>处分：</translation>
    </message>
    <message>
        <source>Lifted on:</source>
        <translation>解除日期：</translation>
    </message>
    <message>
        <source>Document no.:</source>
        <translation>解除文号：</translation>
    </message>
    <message>
        <source>The number of the document that lifts it.</source>
        <translation>解除处分决定的文号。</translation>
    </message>
    <message>
        <source>the decision</source>
        <translation>处分决定日期</translation>
    </message>
</context>
<context>
    <name>LoanModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借阅人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Lent on</source>
        <translation>借出日期</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>LoanView</name>
    <message>
        <source>Only files not yet returned</source>
        <translation>只显示未归还的</translation>
    </message>
    <message>
        <source>Lend a file…</source>
        <translation>借出档案…</translation>
    </message>
    <message>
        <source>Returned…</source>
        <translation>登记归还…</translation>
    </message>
    <message>
        <source>%1 loans</source>
        <translation>共 %1 条借阅</translation>
    </message>
    <message>
        <source>, %1 overdue</source>
        <translation>，其中 %1 条逾期</translation>
    </message>
</context>
<context>
    <name>LocateView</name>
    <message>
        <source>Name, former name, student no., registry no. or ID number</source>
        <translation>姓名、曾用名、学号、学籍号或身份证件号</translation>
    </message>
    <message>
        <source>Find the file</source>
        <translation>查找档案</translation>
    </message>
    <message>
        <source>Double-click to open the student's record</source>
        <translation>双击打开学生的学籍档案</translation>
    </message>
    <message>
        <source>Record papers…</source>
        <translation>登记材料…</translation>
    </message>
    <message>
        <source>Lend…</source>
        <translation>借出…</translation>
    </message>
    <message>
        <source>Returned…</source>
        <translation>登记归还…</translation>
    </message>
    <message>
        <source>Send on…</source>
        <translation>转递…</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>上架…</translation>
    </message>
    <message>
        <source>Kept by the school…</source>
        <translation>学校归档保存…</translation>
    </message>
    <message>
        <source>Papers in the file:</source>
        <translation>档案袋里的材料：</translation>
    </message>
    <message>
        <source>History of the paper file:</source>
        <translation>档案经历：</translation>
    </message>
    <message>
        <source>Type what the person tells you and press Find the file.</source>
        <translation>输入对方提供的姓名、学号或身份证件号，再点“查找档案”。</translation>
    </message>
    <message>
        <source>%1 students found (as of %2; press Find the file to look again)</source>
        <translation>找到 %1 名学生（%2 查到的情况；要看最新情况请再按“查找档案”）</translation>
    </message>
    <message>
        <source>No student matches. Check the spelling or try the ID number.</source>
        <translation>没有找到。请检查输入，或用身份证件号查找。</translation>
    </message>
    <message>
        <source>class of %1</source>
        <translation>%1届</translation>
    </message>
    <message>
        <source>left on %1</source>
        <translation>%1 离校</translation>
    </message>
    <message>
        <source>No longer kept…</source>
        <translation>取消归档保存…</translation>
    </message>
    <message>
        <source>Required papers missing: %1</source>
        <translation>缺少的必备材料：%1</translation>
    </message>
    <message>
        <source>Keep the paper file of %1 in the school instead of sending it on? Why?</source>
        <translation>%1 的纸质档案改由学校归档保存、不再转递吗？原因：</translation>
    </message>
    <message>
        <source>The paper file of %1 is no longer kept by the school. Why?</source>
        <translation>%1 的纸质档案不再由学校归档保存。原因：</translation>
    </message>
    <message>
        <source>Kept by the school</source>
        <translation>学校归档保存</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Shelve paper files</source>
        <translation>档案上架</translation>
    </message>
    <message>
        <source>Cabinet:</source>
        <translation>柜：</translation>
    </message>
    <message>
        <source>Shelf:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Box:</source>
        <translation>盒：</translation>
    </message>
    <message>
        <source>Reads:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>共 %1 名学生</translation>
    </message>
    <message>
        <source>Add the students whose files go to this place.</source>
        <translation>请添加要放到这个位置的学生档案。</translation>
    </message>
</context>
<context>
    <name>LockController</name>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>The password could not be checked because of an unexpected problem. Please try again.</source>
        <translation>因为意外问题，密码没有核对成功，请再试一次。</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Checking the password…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit the program</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <source>The records are hidden. Enter the password of %1 to continue; what you were typing is kept.</source>
        <translation>记录已隐藏。请输入 %1 的密码继续工作，刚才正在填写的内容都还在。</translation>
    </message>
    <message>
        <source>Enter the password in the window in front to unlock.</source>
        <translation>请在最前面的窗口里输入密码解锁。</translation>
    </message>
    <message>
        <source>This account can no longer be used. Unsaved changes cannot be kept. Please quit the program.</source>
        <translation>这个账户已经不能再使用，尚未保存的内容无法保留。请退出程序。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in — Xueji Desktop</source>
        <translation>登录 — 学籍档案室</translation>
    </message>
    <message>
        <source>Xueji Desktop</source>
        <translation>学籍档案室</translation>
    </message>
    <message>
        <source>Enter your user name and password to open the archive.</source>
        <translation>请输入用户名和密码，打开档案库。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Opening the archive…</source>
        <translation>正在打开档案库…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Open the practice archive</source>
        <translation>打开练习库</translation>
    </message>
    <message>
        <source>Made-up students to learn with. Nothing you do there touches the real archive.</source>
        <translation>里面是虚构的学生，用来练习。在练习库里做什么都不会影响正式档案库。</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Preparing the practice archive (the first time takes a minute)…</source>
        <translation>正在准备练习库（第一次需要一两分钟）…</translation>
    </message>
    <message>
        <source>The archive could not be opened because of an unexpected problem. Please try again; if it happens again, contact the administrator.</source>
        <translation>出现意外问题，档案库没能打开。请再试一次；如果仍然不行，请联系管理员。</translation>
    </message>
    <message>
        <source>Check that Caps Lock is off and the input method types English letters. Forgot the password? The administrator can set a new one; if the administrator forgot theirs, the archive opens with the recovery code from the safe (command: xueji recover).</source>
        <translation>请确认大写锁定（Caps Lock）没有打开、输入法处于英文状态。忘记了密码？请管理员重新设置；如果是管理员自己忘了密码，可以用保险柜里的恢复码打开档案库（命令：xueji recover）。</translation>
    </message>
    <message>
        <source>What to do: take the recovery sheet from the safe and ask the administrator to run the command xueji recover on this computer. Your records are not lost.</source>
        <translation>怎么办：从保险柜取出恢复单，请管理员在这台电脑上运行命令 xueji recover。档案记录并没有丢失。</translation>
    </message>
    <message>
        <source>Sign in with your new password. If you did not change it, ask the administrator.</source>
        <translation>请用新密码登录。如果您没有改过密码，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Xueji Desktop</source>
        <translation>学籍档案室</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <source>Archive: %1</source>
        <translation>档案库：%1</translation>
    </message>
    <message>
        <source>Practice archive</source>
        <translation>练习库</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>档案(&amp;A)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Help for this page</source>
        <translation>本页说明</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>archive clerk</source>
        <translation>档案员</translation>
    </message>
    <message>
        <source>read only</source>
        <translation>查阅</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有修改未保存</translation>
    </message>
    <message>
        <source>Some changes are not saved yet (%1).</source>
        <translation>有修改还没有保存（%1）。</translation>
    </message>
    <message>
        <source>Go back to save them, or close and lose these changes.</source>
        <translation>可以返回去保存；如果直接关闭，这些修改就会丢失。</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>放弃修改并关闭</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>%1 — Xueji Desktop</source>
        <translation>%1 — 学籍档案室</translation>
    </message>
</context>
<context>
    <name>MakeupDialog</name>
    <message>
        <source>Enter a makeup exam score</source>
        <translation>录入补考成绩</translation>
    </message>
    <message>
        <source>Course:</source>
        <translation>课程：</translation>
    </message>
    <message>
        <source>Makeup score:</source>
        <translation>补考成绩：</translation>
    </message>
    <message>
        <source>Exam date:</source>
        <translation>补考日期：</translation>
    </message>
    <message>
        <source>the start of the term</source>
        <translation>学期开始日期</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>表中的列名</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Remember these columns for files laid out like this one</source>
        <translation>记住这种表格的列对应，下次自动使用</translation>
    </message>
    <message>
        <source>Row %1 of sheet “%2” is taken as the header row. Check the field each column goes into; choose “Not imported” for columns to leave out.</source>
        <translation>工作表“%2”的第 %1 行是表头。请核对每一列对应的项目；不需要的列请选“不导入”。</translation>
    </message>
    <message>
        <source>Not recognised: not imported</source>
        <translation>未识别，不导入</translation>
    </message>
    <message>
        <source>Same field as column %1: not imported</source>
        <translation>与 %1 列是同一项，不导入</translation>
    </message>
    <message>
        <source>Columns not recognised (not imported unless you choose a field): %1</source>
        <translation>未识别的列（除非在下面为它选择项目，否则不导入）：%1</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Year of entry</source>
        <translation>入学年份</translation>
    </message>
    <message>
        <source>Year of leaving</source>
        <translation>离校年份</translation>
    </message>
    <message>
        <source>How the student left</source>
        <translation>离校方式</translation>
    </message>
    <message>
        <source>Date of leaving</source>
        <translation>离校日期</translation>
    </message>
    <message>
        <source>Same field as column %1: choose another or “Not imported”</source>
        <translation>与 %1 列选了同一项：请改选其他项或“不导入”</translation>
    </message>
    <message>
        <source>Required fields no column holds: %1. The records come in as drafts with these fields empty; fill them in before confirming.</source>
        <translation>缺少这些必填项的列：%1。导入后记录是草稿，这些项为空，核对确认前需要补上。</translation>
    </message>
</context>
<context>
    <name>MonthDay</name>
    <message>
        <source> (month)</source>
        <translation> 月</translation>
    </message>
    <message>
        <source> (day)</source>
        <translation> 日</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>e.g. the name in pinyin: lixia</source>
        <translation>例如姓名拼音：lixia</translation>
    </message>
    <message>
        <source>e.g. Li Xia</source>
        <translation>例如：李霞</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再输一次密码：</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Type a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>请至少选择一个角色。</translation>
    </message>
</context>
<context>
    <name>NumberCorrectionDialog</name>
    <message>
        <source>Correct a number</source>
        <translation>更正学号/学籍号</translation>
    </message>
    <message>
        <source>The old number stays findable: a search for it still finds this student. The change is kept in the record's history.</source>
        <translation>原来的号码仍然可以查到：用旧号码查找，仍会找到这名学生。这次更正会记入修改历史。</translation>
    </message>
    <message>
        <source>Student number</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Registry number</source>
        <translation>学籍号</translation>
    </message>
    <message>
        <source>e.g. typing error when the number was given</source>
        <translation>例如：分配号码时录入错误</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>要更正的号码</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在是</translation>
    </message>
    <message>
        <source>Correct number</source>
        <translation>正确的号码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>PaperFileBox</name>
    <message>
        <source>Paper file</source>
        <translation>纸质档案</translation>
    </message>
    <message>
        <source>Open in Paper files</source>
        <translation>在“纸质档案”中查看</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Place: %1</source>
        <translation>存放位置：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Papers in the folder: %1</source>
        <translation>袋内材料：%1</translation>
    </message>
    <message>
        <source>Required papers missing: %1</source>
        <translation>缺少的必备材料：%1</translation>
    </message>
</context>
<context>
    <name>PaperFileContents</name>
    <message>
        <source>%1 pc.</source>
        <translation>%1份</translation>
    </message>
    <message>
        <source>scanned</source>
        <translation>已扫描</translation>
    </message>
</context>
<context>
    <name>PaperFileText</name>
    <message>
        <source>Next school</source>
        <translation>升学学校</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Talent centre</source>
        <translation>人才中心</translation>
    </message>
    <message>
        <source>Household registration office</source>
        <translation>户籍所在地</translation>
    </message>
    <message>
        <source>Military unit</source>
        <translation>部队</translation>
    </message>
    <message>
        <source>Other receiver</source>
        <translation>其他单位</translation>
    </message>
    <message>
        <source>confidential mail</source>
        <translation>机要</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>专人送达</translation>
    </message>
    <message>
        <source>other means</source>
        <translation>其他方式</translation>
    </message>
    <message>
        <source>New intake</source>
        <translation>新生入学</translation>
    </message>
    <message>
        <source>Transfer in</source>
        <translation>转学转入</translation>
    </message>
    <message>
        <source>Other delivery</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>In the archive room</source>
        <translation>在档案室</translation>
    </message>
    <message>
        <source>Lent out</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>Sent on</source>
        <translation>已转递</translation>
    </message>
    <message>
        <source>Kept by the school</source>
        <translation>学校归档保存</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Lent</source>
        <translation>借出</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>归还</translation>
    </message>
    <message>
        <source>Receipt back</source>
        <translation>回执收到</translation>
    </message>
    <message>
        <source>Dispatch voided</source>
        <translation>转递作废</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Lent to %1, due back on %2</source>
        <translation>已借出给 %1，应于 %2 归还</translation>
    </message>
    <message>
        <source> (overdue)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <source>voided: %1</source>
        <translation>已作废（%1）</translation>
    </message>
    <message>
        <source>received on %1</source>
        <translation>已收到（%1）</translation>
    </message>
    <message>
        <source>not received</source>
        <translation>未收到</translation>
    </message>
    <message>
        <source>Taken in person on %1 to %2; receipt: %3</source>
        <translation>已于 %1 专人送达至 %2，回执 %3</translation>
    </message>
    <message>
        <source>Sent on %1 by %2 to %3; receipt: %4</source>
        <translation>已于 %1 %2转递至 %3，回执 %4</translation>
    </message>
    <message>
        <source>In the archive room (place not recorded)</source>
        <translation>在档案室（位置未登记）</translation>
    </message>
    <message>
        <source>In the archive room, %1</source>
        <translation>在档案室 %1</translation>
    </message>
    <message>
        <source>Kept by the school, %1</source>
        <translation>学校归档保存，%1</translation>
    </message>
    <message>
        <source>Received (%1) from %2</source>
        <translation>接收登记（%1），来自 %2</translation>
    </message>
    <message>
        <source>Shelved at %1</source>
        <translation>上架至 %1</translation>
    </message>
    <message>
        <source>Place cleared</source>
        <translation>位置已清除</translation>
    </message>
    <message>
        <source>No longer kept by the school</source>
        <translation>取消学校归档保存</translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>：%1</translation>
    </message>
    <message>
        <source>Lent to %1 for %2, due back on %3</source>
        <translation>借给 %1，用途：%2，应于 %3 归还</translation>
    </message>
    <message>
        <source>Taken in person to %1 (%2)</source>
        <translation>专人送达至 %1（%2）</translation>
    </message>
    <message>
        <source>Sent by %1 to %2 (%3)</source>
        <translation>%1转递至 %2（%3）</translation>
    </message>
    <message>
        <source>, confidential mail no. %1</source>
        <translation>，机要编号 %1</translation>
    </message>
    <message>
        <source>, collected by %1</source>
        <translation>，领取人 %1</translation>
    </message>
    <message>
        <source>, signed by %1</source>
        <translation>，签收人 %1</translation>
    </message>
    <message>
        <source>Dispatch voided: %1</source>
        <translation>转递作废：%1</translation>
    </message>
</context>
<context>
    <name>PaperFilesPage</name>
    <message>
        <source>Find a file</source>
        <translation>查找档案</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>接收登记</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>借阅</translation>
    </message>
    <message>
        <source>Sending on</source>
        <translation>转递</translation>
    </message>
    <message>
        <source>To be sent</source>
        <translation>待转递</translation>
    </message>
    <message>
        <source>Shelving</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Paper files</source>
        <translation>纸质档案</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Find a file&lt;/b&gt;: type a name, student no., registry no. or ID number. Every student the archive ever held is found, graduates of long ago too; the last column says where the paper file is now: in the archive room (and where), lent out, sent on (and whether the receipt came back), kept by the school, or not registered. The right side shows the papers in the folder (which are also scanned, which required ones are missing) and the file's history; clerks correct the papers with Record papers.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;查找档案&lt;/b&gt;：输入姓名、学号、学籍号或身份证件号。档案库里所有学生都能找到，多年前的毕业生也一样；最后一列说明纸质档案现在在哪里：在档案室（哪个柜、哪层、哪盒）、已借出、已转递（回执是否收到）、学校归档保存，或未登记。右边列出档案袋里的材料（哪些也已扫描，缺了哪些必备材料）和这份档案的经历；办事员可以点“登记材料”更正袋里的材料。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Receiving&lt;/b&gt;: enter the files that arrive together (a new intake, a transfer) as one batch, with what each file holds and what is missing, then print the receipt. &lt;b&gt;Loans&lt;/b&gt;: lend a file and record its return; overdue loans are red. &lt;b&gt;Sending on&lt;/b&gt;: send the files of students who have left (by confidential mail with its number, or in person), print the transfer slips, record the receipts that come back, void a dispatch sent back. &lt;b&gt;To be sent&lt;/b&gt;: the students who have left whose file is still here. &lt;b&gt;Shelving&lt;/b&gt;: set where files are kept and print box labels and shelf lists.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;接收登记&lt;/b&gt;：同一批送来的档案（新生入学、转学转入）登记为一批，写明每份档案有哪些材料、缺哪些，然后打印接收回执。&lt;b&gt;借阅&lt;/b&gt;：登记借出和归还；逾期未还的显示为红色。&lt;b&gt;转递&lt;/b&gt;：为已离校的学生转递档案（机要要填机要编号，专人送达要填领取人），打印档案转递单，登记寄回的回执，被退回的转递可以作废。&lt;b&gt;待转递&lt;/b&gt;：已离校、档案还在学校的学生。&lt;b&gt;上架&lt;/b&gt;：登记档案放在哪里，打印档案盒标签和上架清单。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PasswordHints</name>
    <message>
        <source>At most %1 characters (%2 typed)</source>
        <translation>最多 %1 个字符（已输入 %2 个）</translation>
    </message>
    <message>
        <source>At least %1 characters (%2 typed)</source>
        <translation>至少 %1 个字符（已输入 %2 个）</translation>
    </message>
    <message>
        <source>Not a common password, not the school, user or program name</source>
        <translation>不是常见密码，也不是学校名、用户名或软件名</translation>
    </message>
    <message>
        <source>Typed the same twice</source>
        <translation>两次输入相同</translation>
    </message>
    <message>
        <source>Type the new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <source>The two new passwords are not the same. Type them again.</source>
        <translation>两次输入的新密码不一样，请重新输入。</translation>
    </message>
</context>
<context>
    <name>PdfPane</name>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>共 %1 页</translation>
    </message>
</context>
<context>
    <name>PeriodsSection</name>
    <message>
        <source>Paper files</source>
        <translation>纸质档案</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>A lent file is due back after:</source>
        <translation>借出的档案几天内归还：</translation>
    </message>
    <message>
        <source>Ask for a missing receipt after:</source>
        <translation>转递后几天没收到回执就提醒：</translation>
    </message>
</context>
<context>
    <name>PhotoBox</name>
    <message>
        <source>From file…</source>
        <translation>从文件选择…</translation>
    </message>
    <message>
        <source>Take photo…</source>
        <translation>拍照…</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>没有照片</translation>
    </message>
    <message>
        <source>Save the record first, then add a photo</source>
        <translation>请先保存记录，再添加照片</translation>
    </message>
    <message>
        <source>No camera was found on this computer.</source>
        <translation>这台电脑上没有找到摄像头或高拍仪。</translation>
    </message>
    <message>
        <source>The photo could not be used. Please try another picture.</source>
        <translation>这张照片无法使用，请换一张。</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>This file is not a picture that can be read (use JPEG or PNG).</source>
        <translation>这个文件不是能读取的图片，请使用 JPG 或 PNG 格式。</translation>
    </message>
</context>
<context>
    <name>PhotoImportDialog</name>
    <message>
        <source>Import photos</source>
        <translation>批量导入照片</translation>
    </message>
    <message>
        <source>Matching the photos…</source>
        <translation>正在对应照片…</translation>
    </message>
    <message>
        <source>Importing the photos…</source>
        <translation>正在导入照片…</translation>
    </message>
    <message>
        <source>Choose a folder or a zip file of photos named by ID number or student no. (e.g. 430502201003150011.jpg). Each photo is cut to the size of an ID photo.</source>
        <translation>请选择存放照片的文件夹或 zip 压缩包，照片以身份证件号或学号命名（例如 430502201003150011.jpg）。每张照片会裁成证件照的比例。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Choose zip file…</source>
        <translation>选择 zip 文件…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 of %2…</source>
        <translation>已完成 %1 / %2…</translation>
    </message>
    <message>
        <source>Stopped. Nothing in the archive was changed.</source>
        <translation>已停止，档案中的数据没有任何改动。</translation>
    </message>
    <message>
        <source>The folder of photos</source>
        <translation>存放照片的文件夹</translation>
    </message>
    <message>
        <source>The zip file of photos</source>
        <translation>照片的 zip 压缩包</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>%1 photos match a student (%2 of them replace a photo on record); %3 files cannot be imported (listed below).</source>
        <translation>%1 张照片能对应到学生（其中 %2 张会替换原有照片）；%3 个文件不能导入（见下表）。</translation>
    </message>
    <message>
        <source>Import %1 photos now?</source>
        <translation>现在导入 %1 张照片吗？</translation>
    </message>
    <message>
        <source>%1 photos were imported.</source>
        <translation>已导入 %1 张照片。</translation>
    </message>
</context>
<context>
    <name>PhotoMatchModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Replaces the photo on record</source>
        <translation>替换档案中原有的照片</translation>
    </message>
</context>
<context>
    <name>PhotoMissModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Why it is not imported</source>
        <translation>不能导入的原因</translation>
    </message>
</context>
<context>
    <name>Practice</name>
    <message>
        <source>[Practice] </source>
        <translation>【练习】</translation>
    </message>
    <message>
        <source>Practice archive: all data here is fictitious</source>
        <translation>练习库：此处数据均为虚构，仅供练习</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Save the error file…</source>
        <translation>保存错误文件…</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>全部行（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Import all rows</source>
        <translation>导入全部行</translation>
    </message>
    <message>
        <source>Import only the %1 correct rows; the %2 other rows stay in the error file</source>
        <translation>只导入正确的 %1 行；其余 %2 行不导入，留在错误文件中</translation>
    </message>
    <message>
        <source>What would be stored:</source>
        <translation>导入后保存为：</translation>
    </message>
    <message>
        <source>What would change:</source>
        <translation>将要修改的内容：</translation>
    </message>
</context>
<context>
    <name>PreviewStep</name>
    <message>
        <source>It is the same fingerprint the sending school told me</source>
        <translation>与转出学校告诉我的校验码完全一样</translation>
    </message>
    <message>
        <source>Class they join:</source>
        <translation>转入班级：</translation>
    </message>
    <message>
        <source>The students join this class and take its major; the sending school's major stays in their transferred records.</source>
        <translation>转入的学生编入这个班级，专业按这个班的专业；原学校的专业记在转入档案里。</translation>
    </message>
    <message>
        <source>Made in a practice archive: its students are fictitious.</source>
        <translation>这是练习库制作的档案包，里面的学生是虚构的。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>来自：</translation>
    </message>
    <message>
        <source>Made on:</source>
        <translation>制作时间：</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>接收单位：</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>校验码</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint the sending school told you (by telephone or on their handover list), or with the verification key fingerprint printed on their transcripts. If they differ, do not take the package in.</source>
        <translation>请与转出学校告诉您的校验码（电话告知或写在移交清单上）逐字核对，也可对照对方成绩单上印的“验证公钥指纹”。如果不一样，不要转入这个档案包。</translation>
    </message>
    <message>
        <source>Transfer out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Archive handover</source>
        <translation>档案移交</translation>
    </message>
    <message>
        <source>(choose the class)</source>
        <translation>（请选择班级）</translation>
    </message>
    <message>
        <source>(keep their class)</source>
        <translation>（保留原班级）</translation>
    </message>
    <message>
        <source>Their major is not set up here: choose a class, and they join it and take its major; the sending school's major stays in their transferred records.</source>
        <translation>本校没有设置这些学生的专业：请选择一个班级，学生编入该班并改按该班的专业；原学校的专业记在转入档案里。</translation>
    </message>
    <message>
        <source>Warning: earlier packages from this school had another fingerprint. This package may have been made by someone else. Telephone the school before you take it in.</source>
        <translation>警告：这所学校以前发来的档案包是另一个校验码！这个档案包可能是别人冒名制作的。转入前请务必打电话向对方学校核实。</translation>
    </message>
    <message>
        <source>Earlier packages from this school had the same fingerprint.</source>
        <translation>这所学校以前发来的档案包也是这个校验码。</translation>
    </message>
    <message>
        <source>No package came from this school before.</source>
        <translation>以前没有收到过这所学校的档案包，请务必与对方核对校验码。</translation>
    </message>
    <message>
        <source>%1 student</source>
        <translation>%1 名学生</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>%1 名学生</translation>
    </message>
    <message>
        <source>%1 grades</source>
        <translation>%1 条成绩</translation>
    </message>
    <message>
        <source>%1 status changes</source>
        <translation>%1 条学籍异动</translation>
    </message>
    <message>
        <source>%1 scans</source>
        <translation>%1 份扫描件</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 张照片</translation>
    </message>
    <message>
        <source>%1 generated documents</source>
        <translation>%1 份生成的文书</translation>
    </message>
</context>
<context>
    <name>PreviewStudentsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证件号</translation>
    </message>
    <message>
        <source>Status at the sender</source>
        <translation>在原学校的学籍状态</translation>
    </message>
    <message>
        <source>Can be taken in?</source>
        <translation>能否转入</translation>
    </message>
    <message>
        <source>No: already in this archive</source>
        <translation>否：本档案里已有此人</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Issue documents</source>
        <translation>出具文书</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文书：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>版式：</translation>
    </message>
    <message>
        <source>e.g. further study, job application</source>
        <translation>例如：升学、求职</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <source>One paper per line, copies after ×. Leave empty to list the papers the archive holds for the student.</source>
        <translation>每行一项材料，份数写在 × 后面（如“成绩单×2”）。不填则列出档案中登记的该生材料。</translation>
    </message>
    <message>
        <source>Receiving unit:</source>
        <translation>接收单位：</translation>
    </message>
    <message>
        <source>Its address:</source>
        <translation>接收单位地址：</translation>
    </message>
    <message>
        <source>Sent by:</source>
        <translation>转递方式：</translation>
    </message>
    <message>
        <source>Confidential mail no.:</source>
        <translation>机要号：</translation>
    </message>
    <message>
        <source>Papers in the file:</source>
        <translation>档案材料：</translation>
    </message>
    <message>
        <source>Printer (pre-printed form):</source>
        <translation>套打用的打印机：</translation>
    </message>
    <message>
        <source>One PDF: preview it, then print or save</source>
        <translation>合成一个 PDF：先预览，再打印或保存</translation>
    </message>
    <message>
        <source>One PDF file per student, saved into a folder</source>
        <translation>每名学生一个 PDF 文件，保存到文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>File names: {student_no} student no., {name} name, {kind} document, {serial} serial number, {class_name} class</source>
        <translation>文件名中可用：{student_no} 学号，{name} 姓名，{kind} 文书名称，{serial} 文书编号，{class_name} 班级</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>文件名：</translation>
    </message>
    <message>
        <source>Replace files of the same name in the folder</source>
        <translation>替换文件夹中同名的文件</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <source>Save the PDF files into</source>
        <translation>把 PDF 文件保存到</translation>
    </message>
    <message>
        <source>Choose the folder for the PDF files.</source>
        <translation>请选择保存 PDF 文件的文件夹。</translation>
    </message>
    <message>
        <source>Preparing the documents…</source>
        <translation>正在生成文书…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Document %1 of %2…</source>
        <translation>第 %1 份，共 %2 份…</translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation>预览：%1</translation>
    </message>
    <message>
        <source>%1 PDF files were saved in %2.</source>
        <translation>已把 %1 个 PDF 文件保存到 %2。</translation>
    </message>
    <message>
        <source>Characters missing from the font</source>
        <translation>字库里缺字</translation>
    </message>
    <message>
        <source>Print them as empty boxes (□) and write them in by hand?</source>
        <translation>要把这些字印成空方框（□），打印后再手写补上吗？</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The document could not be shown. Save it as PDF and open it elsewhere.</source>
        <translation>文书无法在这里显示。可以另存为 PDF，再用其他程序打开。</translation>
    </message>
    <message>
        <source>Serial number %1.</source>
        <translation>编号 %1。</translation>
    </message>
    <message>
        <source>%1 documents, serial numbers %2 to %3.</source>
        <translation>共 %1 份文书，编号 %2 至 %3。</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Sending the pages to the printer…</source>
        <translation>正在把文书送往打印机…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>Printing was stopped. Pages already sent may still come out of the printer.</source>
        <translation>已停止打印。已经送出的页可能仍会打印出来。</translation>
    </message>
    <message>
        <source>The document could not be read for printing. Nothing was printed.</source>
        <translation>文书无法读取，没有打印。</translation>
    </message>
    <message>
        <source>The printer did not accept the document. Check that it is switched on and has paper, then try again.</source>
        <translation>打印机没有接收这份文书。请检查打印机是否开着、有没有纸，然后再试一次。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Close without printing</source>
        <translation>不打印就关闭</translation>
    </message>
    <message>
        <source>These documents were neither printed nor saved. If you close now, their serial numbers are marked as void in the issue register (reason: not printed) and will not be used again. Close?</source>
        <translation>这些文书还没有打印，也没有保存。现在关闭的话，它们的编号会在发放登记里记为作废（原因：未打印），以后不再使用。确定关闭吗？</translation>
    </message>
</context>
<context>
    <name>PrintSettings</name>
    <message>
        <source>Total credits</source>
        <translation>总学分</translation>
    </message>
    <message>
        <source>Credits earned</source>
        <translation>已获学分</translation>
    </message>
    <message>
        <source>Average score</source>
        <translation>平均成绩</translation>
    </message>
    <message>
        <source>Credit-weighted average</source>
        <translation>学分加权平均成绩</translation>
    </message>
</context>
<context>
    <name>PrintSettingsSection</name>
    <message>
        <source>Letterhead</source>
        <translation>文书抬头</translation>
    </message>
    <message>
        <source>Choose a logo…</source>
        <translation>选择校徽图片…</translation>
    </message>
    <message>
        <source>Remove the logo</source>
        <translation>去掉校徽</translation>
    </message>
    <message>
        <source>Layout of each document</source>
        <translation>各种文书的版式</translation>
    </message>
    <message>
        <source>Add a layout from a file…</source>
        <translation>从文件添加版式…</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文书：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>版式：</translation>
    </message>
    <message>
        <source>Printing on pre-printed forms</source>
        <translation>套打（印在预印好的表格上）</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Print a test sheet</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Printer:</source>
        <translation>打印机：</translation>
    </message>
    <message>
        <source>Move right by:</source>
        <translation>向右移动：</translation>
    </message>
    <message>
        <source>Move down by:</source>
        <translation>向下移动：</translation>
    </message>
    <message>
        <source>Totals on transcripts</source>
        <translation>成绩单上的合计项</translation>
    </message>
    <message>
        <source>No printer is set up on this computer.</source>
        <translation>这台电脑上没有安装打印机。</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>没有校徽</translation>
    </message>
    <message>
        <source> (pre-printed form)</source>
        <translation>（套打）</translation>
    </message>
    <message>
        <source>Choose a logo</source>
        <translation>选择校徽图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Add a layout</source>
        <translation>添加版式</translation>
    </message>
    <message>
        <source>Layouts (*.json)</source>
        <translation>版式文件 (*.json)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Test sheet sent.</source>
        <translation>测试页已送往打印机。</translation>
    </message>
    <message>
        <source>The printer did not take the sheet.</source>
        <translation>打印机没有接收测试页。</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <source>Propose for destruction</source>
        <translation>提出销毁</translation>
    </message>
    <message>
        <source>%1 scans are proposed for destruction. An administrator approves or rejects the proposal; nothing is destroyed before.</source>
        <translation>将为 %1 份扫描件提出销毁申请。由管理员批准或驳回；批准之前不会销毁任何材料。</translation>
    </message>
    <message>
        <source>Why, e.g. the school's retention period for these papers has ended</source>
        <translation>理由，例如：学校规定的这类材料保管期限已满</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Say why they are proposed.</source>
        <translation>请填写提出销毁的理由。</translation>
    </message>
</context>
<context>
    <name>PunishmentDialog</name>
    <message>
        <source>Add a punishment</source>
        <translation>新增处分</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>the number of the decision document</source>
        <translation>处分决定的文号</translation>
    </message>
    <message>
        <source>Punishment:</source>
        <translation>处分：</translation>
    </message>
    <message>
        <source>Decided on:</source>
        <translation>决定日期：</translation>
    </message>
    <message>
        <source>Document no.:</source>
        <translation>文号：</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>事由：</translation>
    </message>
    <message>
        <source>Decided by:</source>
        <translation>决定单位：</translation>
    </message>
    <message>
        <source>Choose the punishment.</source>
        <translation>请选择处分类别。</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Record a receipt</source>
        <translation>登记回执</translation>
    </message>
    <message>
        <source>%1 (%2), sent to %3 on %4.</source>
        <translation>%1（%2），%4 转递至 %3。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>档案：</translation>
    </message>
    <message>
        <source>Receipt dated:</source>
        <translation>回执日期：</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>签收人：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
</context>
<context>
    <name>RecentChangeModel</name>
    <message>
        <source>Date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>异动类别</translation>
    </message>
    <message>
        <source>Status before → after</source>
        <translation>学籍状态（前 → 后）</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>批准文号</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报状态</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>（新建）</translation>
    </message>
    <message>
        <source>%1 (revoked)</source>
        <translation>%1（已撤销）</translation>
    </message>
</context>
<context>
    <name>ReconcileDialog</name>
    <message>
        <source>Compare with the national system</source>
        <translation>与国家学籍系统核对</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比对…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Export the school's student list from the national student-registry system and choose the file here. Nothing is changed until you apply.</source>
        <translation>请先从全国中职学生学籍信息管理系统导出本校学生名单，再在这里选择这个文件。点“应用”之前不会改动任何数据。</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation>应用…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>%1 of %2…</source>
        <translation>已完成 %1 / %2…</translation>
    </message>
    <message>
        <source>Stopped. Nothing in the archive was changed.</source>
        <translation>已停止，档案中的数据没有任何改动。</translation>
    </message>
    <message>
        <source>The list from the national system</source>
        <translation>国家学籍系统导出的名单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel 表格 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>All differences (%1)</source>
        <translation>全部差异（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Fill in the national student numbers from the list</source>
        <translation>从名单中补填学籍号</translation>
    </message>
    <message>
        <source>Mark the records that agree as approved</source>
        <translation>把一致的记录标为“已核准”</translation>
    </message>
    <message>
        <source>%1 rows in the list, %2 students found in the archive, %3 differences.</source>
        <translation>名单共 %1 行，其中 %2 名学生在档案中找到，共有 %3 处差异。</translation>
    </message>
    <message>
        <source>Fill in the national student numbers from the list (%1 students)</source>
        <translation>从名单中补填学籍号（%1 名学生）</translation>
    </message>
    <message>
        <source>Mark the %1 records that agree as approved</source>
        <translation>把一致的 %1 条记录标为“已核准”</translation>
    </message>
    <message>
        <source>%1 records that agree are drafts or were sent back; confirm them first.</source>
        <translation>另有 %1 条一致的记录还是草稿或被退回，需要先确认，才能标为“已核准”。</translation>
    </message>
    <message>
        <source>fill in %1 national student numbers</source>
        <translation>补填 %1 个学籍号</translation>
    </message>
    <message>
        <source>mark %1 records as approved</source>
        <translation>把 %1 条记录标为“已核准”</translation>
    </message>
    <message>
        <source> and </source>
        <translation>，并</translation>
    </message>
    <message>
        <source>This will %1. Go ahead?</source>
        <translation>将%1。确定吗？</translation>
    </message>
    <message>
        <source>Done: %1 student records were updated.</source>
        <translation>完成：已更新 %1 名学生的记录。</translation>
    </message>
</context>
<context>
    <name>RecordActions</name>
    <message>
        <source>The reason cannot be left empty.</source>
        <translation>原因不能为空。</translation>
    </message>
    <message>
        <source>Confirm checked information…</source>
        <translation>信息核对确认…</translation>
    </message>
    <message>
        <source>Mark as reported…</source>
        <translation>标记为已上报…</translation>
    </message>
    <message>
        <source>Mark as approved…</source>
        <translation>标记为审核通过…</translation>
    </message>
    <message>
        <source>Mark as returned…</source>
        <translation>标记为退回…</translation>
    </message>
    <message>
        <source>Correct student or registry number…</source>
        <translation>更正学号/学籍号…</translation>
    </message>
    <message>
        <source>Void this record…</source>
        <translation>作废这条记录…</translation>
    </message>
    <message>
        <source>The student keeps the student number %1.</source>
        <translation>学号 %1 保持不变。</translation>
    </message>
    <message>
        <source>The student will be given a student number by the school's rule.</source>
        <translation>确认后将按本校学号规则自动分配学号。</translation>
    </message>
    <message>
        <source>Confirm only after the student has checked the printed information sheet.</source>
        <translation>请在学生核对过打印的信息核对表之后再确认。</translation>
    </message>
    <message>
        <source>After confirmation, class and major change only through a status change, and every other change needs a reason.</source>
        <translation>确认之后，班级和专业只能通过学籍异动修改，其他修改都要填写原因。</translation>
    </message>
    <message>
        <source>Confirm checked information</source>
        <translation>信息核对确认</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Confirmed. Student number: %1</source>
        <translation>已核对确认。学号：%1</translation>
    </message>
    <message>
        <source>Mark as reported</source>
        <translation>标记为已上报</translation>
    </message>
    <message>
        <source>Mark this record as sent to the national student registry system? After that any correction sends it back to 'confirmed' to be reported again.</source>
        <translation>把这条记录标记为已报送全国学籍系统吗？之后如有更正，记录会回到“已核对”，需要重新上报。</translation>
    </message>
    <message>
        <source>Mark as approved</source>
        <translation>标记为审核通过</translation>
    </message>
    <message>
        <source>Mark this record as approved by the national system?</source>
        <translation>把这条记录标记为全国学籍系统已审核通过吗？</translation>
    </message>
    <message>
        <source>Mark as returned</source>
        <translation>标记为退回</translation>
    </message>
    <message>
        <source>The national system sent this record back. What did it say? The record can then be corrected and confirmed again.</source>
        <translation>全国学籍系统退回了这条记录。退回原因是什么？退回后可以改正记录，再重新核对确认。</translation>
    </message>
    <message>
        <source>Void this record</source>
        <translation>作废这条记录</translation>
    </message>
    <message>
        <source>Void this record of %1? It is not deleted: it stays readable and findable, but takes no more changes and no longer counts as a student. Its ID number and numbers become free again. Why is it voided (e.g. entered twice)?</source>
        <translation>要作废 %1 的这条记录吗？记录不会被删除：仍可查看和查找，但不能再修改，也不再算作在校学生；它的身份证件号、学号和学籍号可以重新使用。请写明作废原因（例如：重复录入）。</translation>
    </message>
    <message>
        <source>Issue a document…</source>
        <translation>出具文书…</translation>
    </message>
    <message>
        <source>Documents issued…</source>
        <translation>发放记录…</translation>
    </message>
    <message>
        <source>Something went wrong. Nothing was changed; please try again.</source>
        <translation>出了点问题，没有做任何改动，请再试一次。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>没有完成</translation>
    </message>
</context>
<context>
    <name>RecordTabs</name>
    <message>
        <source>Personal details</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>School registration</source>
        <translation>学籍信息</translation>
    </message>
    <message>
        <source>Household and contact</source>
        <translation>户籍与联系方式</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Add a scan…</source>
        <translation>添加扫描件…</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>（缺）</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Course code</source>
        <translation>课程代码</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>学分</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Make-up exam</source>
        <translation>补考</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>重修</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Conduct grade</source>
        <translation>操行等级</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <source>Sick leave (hours)</source>
        <translation>病假（课时）</translation>
    </message>
    <message>
        <source>Personal leave (hours)</source>
        <translation>事假（课时）</translation>
    </message>
    <message>
        <source>Truancy (hours)</source>
        <translation>旷课（课时）</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟到（次）</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Rewards and punishments</source>
        <translation>奖惩</translation>
    </message>
    <message>
        <source>Conduct</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Who touched this record…</source>
        <translation>谁动过这份档案…</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Status change…</source>
        <translation>学籍异动…</translation>
    </message>
    <message>
        <source>This part of the record could not be shown because of an unexpected problem. Close the record and open it again; if it happens again, contact the administrator.</source>
        <translation>因意外问题，档案的这一部分未能显示。请关闭档案后重新打开；如果仍然出现，请联系管理员。</translation>
    </message>
    <message>
        <source>(no student no. yet)</source>
        <translation>（尚未分配学号）</translation>
    </message>
    <message>
        <source>Student no.: %1</source>
        <translation>学号：%1</translation>
    </message>
    <message>
        <source>Status: %1 · Report status: %2</source>
        <translation>学籍状态：%1 · 上报状态：%2</translation>
    </message>
    <message>
        <source>VOIDED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Award</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>Punishment</source>
        <translation>处分</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Lifted</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Annulled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Add a scan</source>
        <translation>添加扫描件</translation>
    </message>
    <message>
        <source>Which document is it?</source>
        <translation>这是哪一种材料？</translation>
    </message>
    <message>
        <source>Choose the scanned file</source>
        <translation>选择扫描文件</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>扫描件 (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
</context>
<context>
    <name>RegisterTableModel</name>
    <message>
        <source>Serial number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>For</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>出具人</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>出具时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation>已作废：%1</translation>
    </message>
    <message>
        <source>Replaced by %1</source>
        <translation>已被 %1 取代</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>A new password for %1 (%2). Give it to them in person and ask them to change it at once with Change password… in the Archive menu.</source>
        <translation>为 %1（%2）设置新密码。请当面告诉本人，并请他马上在【档案】菜单的【修改密码…】里改成只有自己知道的密码。</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>再输一次新密码：</translation>
    </message>
</context>
<context>
    <name>RestDaysSection</name>
    <message>
        <source>Holidays and working weekend days</source>
        <translation>放假和调休</translation>
    </message>
    <message>
        <source>Copy them from the State Council's holiday notice each winter. One date or range a line, for example 2026-10-01 ~ 2026-10-07. Without them only weekends count as rest days when working days are counted.</source>
        <translation>每年冬天国务院公布下一年的放假安排后，照着填进来或直接粘贴。每行一个日期或一段日期，例如 2026-10-01 ~ 2026-10-07。不填的话，数工作日时只把周六、周日当作休息日。</translation>
    </message>
    <message>
        <source>Holidays (rest days):</source>
        <translation>放假的日子：</translation>
    </message>
    <message>
        <source>Weekend days worked instead:</source>
        <translation>调休要上班的周六、周日：</translation>
    </message>
    <message>
        <source>… and %1 more that are not dates either.</source>
        <translation>… 另有 %1 处也不是日期。</translation>
    </message>
    <message>
        <source>Line %1: “%2” is longer than %3 days; split it into shorter ranges or check the dates.</source>
        <translation>第 %1 行：“%2”超过 %3 天，请分成几段，或核对日期。</translation>
    </message>
    <message>
        <source>Line %1: “%2” ends before it begins; check the dates.</source>
        <translation>第 %1 行：“%2”的结束日期早于开始日期，请核对日期。</translation>
    </message>
    <message>
        <source>Line %1: “%2” is not a date or a range of dates.</source>
        <translation>第 %1 行：“%2”不是日期，也不是一段日期。</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>共 %1 天</translation>
    </message>
</context>
<context>
    <name>RestoreBackupModel</name>
    <message>
        <source>Made on</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生人数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>备份人</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Restoring replaces the archive with a backup. Only an administrator may do it: type your password again.</source>
        <translation>恢复会用一份备份替换现在的档案库，只有管理员可以做。请再输入一次您的密码。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Choose the backup drive and the backup to restore. Only backups that passed their check are listed, newest first.</source>
        <translation>请选择备份盘和要恢复的备份。这里只列出核对无误的备份，最新的在最上面。</translation>
    </message>
    <message>
        <source>The backup is read again from the drive and checked, every byte, before anything is changed.</source>
        <translation>在改动任何东西之前，先把这份备份从备份盘上重新读一遍，逐字节核对。</translation>
    </message>
    <message>
        <source>I understand. Restore this backup.</source>
        <translation>我明白了，恢复这份备份。</translation>
    </message>
    <message>
        <source>Restoring. Do not switch the computer off.</source>
        <translation>正在恢复，请不要关机。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>确认身份</translation>
    </message>
    <message>
        <source>Choose the backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Check the backup</source>
        <translation>核对备份</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Step %1 of 5: %2</source>
        <translation>第 %1 步（共 5 步）：%2</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stopped. Nothing was changed.</source>
        <translation>已停止，什么都没有改动。</translation>
    </message>
    <message>
        <source>The archive was not replaced: it is as it was before. Click Finish and sign in again.</source>
        <translation>档案库没有被替换，仍和原来一样。请点“完成”，然后重新登录。</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>No enrolled backup drive is plugged in. Plug it in, go back and try again.</source>
        <translation>没有插入登记过的备份盘。请插好备份盘，点“上一步”再试一次。</translation>
    </message>
    <message>
        <source>This drive holds no checked backup.</source>
        <translation>这个备份盘上没有核对无误的备份。</translation>
    </message>
    <message>
        <source>Checking the backup of %1…</source>
        <translation>正在核对 %1 的备份…</translation>
    </message>
    <message>
        <source>This backup cannot be restored: %1 Go back and choose another one.</source>
        <translation>这份备份不能用来恢复：%1 请点“上一步”另选一份。</translation>
    </message>
    <message>
        <source>The backup passed its check.</source>
        <translation>这份备份核对无误。</translation>
    </message>
    <message>
        <source>The archive will be replaced by the backup of %1 (%2 students).

The current archive is not deleted: it is kept beside it as a copy from before the restore.

Everything entered after %1 will not be in the restored archive. Afterwards everyone signs in again.</source>
        <translation>档案库将被替换为 %1 的备份（%2 名学生）。

现在的档案库不会删除，会作为一份“恢复前副本”保留在旁边。

%1 以后录入的所有内容，恢复后的档案库里都不会有。恢复后大家需要重新登录。</translation>
    </message>
    <message>
        <source>Restoring the backup of %1…</source>
        <translation>正在恢复 %1 的备份…</translation>
    </message>
    <message>
        <source>The archive was restored. The archive from before the restore is kept in:
%1

Click Finish and sign in again.</source>
        <translation>档案库已恢复。恢复前的档案库保留在：
%1

请点“完成”，然后重新登录。</translation>
    </message>
</context>
<context>
    <name>RetakeDialog</name>
    <message>
        <source>Enter a retake score</source>
        <translation>录入重修成绩</translation>
    </message>
    <message>
        <source>Course:</source>
        <translation>课程：</translation>
    </message>
    <message>
        <source>Retake score:</source>
        <translation>重修成绩：</translation>
    </message>
    <message>
        <source>Retake term:</source>
        <translation>重修学期：</translation>
    </message>
    <message>
        <source>A term later than the original one.</source>
        <translation>须晚于原学期。</translation>
    </message>
    <message>
        <source>No later term yet: add it with New term… on the School calendar page.</source>
        <translation>还没有晚于原学期的学期：请先在“校历”页点“新增学期…”添加。</translation>
    </message>
</context>
<context>
    <name>RetentionPage</name>
    <message>
        <source>Reading the retention register…</source>
        <translation>正在读取保管期限和销毁清册…</translation>
    </message>
    <message>
        <source>The student's registration papers (the enrolment form, transcripts, conduct, rewards and punishments, aid, the graduate form) are kept permanently. The school may set a period for scans of other papers; nothing is ever destroyed without an administrator's approval.</source>
        <translation>学籍档案材料（入学登记表、成绩、思想品德评价、奖惩、资助、毕业生登记表）永久保存。其他材料的扫描件可由学校设定保管期限；没有管理员批准，任何材料都不会被销毁。</translation>
    </message>
    <message>
        <source>Change the period…</source>
        <translation>修改保管期限…</translation>
    </message>
    <message>
        <source>Due by the end of</source>
        <translation>到期截止到</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年底</translation>
    </message>
    <message>
        <source>Propose for destruction…</source>
        <translation>提出销毁…</translation>
    </message>
    <message>
        <source>Approve or reject what the archive room proposed; you type your password again.</source>
        <translation>批准或驳回档案室提出的销毁申请；需要再次输入您的密码。</translation>
    </message>
    <message>
        <source>An administrator approves or rejects these proposals.</source>
        <translation>这些销毁申请由管理员批准或驳回。</translation>
    </message>
    <message>
        <source>Approve the destruction…</source>
        <translation>批准销毁…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>every year</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <source>Save as PDF for printing…</source>
        <translation>保存为PDF（打印用）…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>保管期限规则</translation>
    </message>
    <message>
        <source>Due for review (%1)</source>
        <translation>到期待审查（%1）</translation>
    </message>
    <message>
        <source>Awaiting approval (%1)</source>
        <translation>待审批（%1）</translation>
    </message>
    <message>
        <source>Destruction register</source>
        <translation>销毁清册</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Rules&lt;/b&gt;: how long each kind of scan is kept. The registration papers are kept permanently; an administrator may set a period (counted from the day the scan was added or the day the student left) for scans of temporary papers.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Due for review&lt;/b&gt;: the scans whose period has ended by the end of the chosen year. Select them and press &lt;b&gt;Propose for destruction&lt;/b&gt; with a reason.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Awaiting approval&lt;/b&gt;: an administrator approves (the content is removed for good) or rejects each proposal, typing the password again.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Destruction register&lt;/b&gt;: what was destroyed, when, by whose approval, and which backups still hold it until they expire. Print it for the archive's files.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;保管期限规则&lt;/b&gt;：每类扫描件保存多久。学籍档案材料永久保存；其他临时材料的扫描件可由管理员设定保管期限（从添加之日或学生离校之日起算）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;到期待审查&lt;/b&gt;：到所选年份年底保管期限已满的扫描件。选中后点&lt;b&gt;提出销毁&lt;/b&gt;，并写明理由。&lt;/p&gt;&lt;p&gt;&lt;b&gt;待审批&lt;/b&gt;：管理员再次输入密码后批准（内容永久删除）或驳回每一项申请。&lt;/p&gt;&lt;p&gt;&lt;b&gt;销毁清册&lt;/b&gt;：销毁了什么、何时销毁、由谁批准，以及哪些备份里还存有它、到何时过期。请打印后归档保存。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 scans due, %2 of them proposed</source>
        <translation>共 %1 份到期，其中 %2 份已提出销毁</translation>
    </message>
    <message>
        <source>The period was saved.</source>
        <translation>保管期限已保存。</translation>
    </message>
    <message>
        <source>The proposal was recorded; an administrator decides on it.</source>
        <translation>销毁申请已登记，等待管理员审批。</translation>
    </message>
    <message>
        <source>Destroyed and entered in the destruction register.</source>
        <translation>已销毁，并记入销毁清册。</translation>
    </message>
    <message>
        <source>The proposal was rejected; the scans are kept.</source>
        <translation>销毁申请已驳回，扫描件继续保存。</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the destruction register</source>
        <translation>保存销毁清册</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>RetentionRulesModel</name>
    <message>
        <source>Permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>the day the student left</source>
        <translation>学生离校之日</translation>
    </message>
    <message>
        <source>the day the scan was added</source>
        <translation>扫描件添加之日</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 年</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 年</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Kept for</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <source>Counted from</source>
        <translation>起算日</translation>
    </message>
    <message>
        <source>Permanent (student record)</source>
        <translation>永久（学籍档案）</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return a paper file</source>
        <translation>档案归还</translation>
    </message>
    <message>
        <source>%1 (%2), lent to %3 on %4.</source>
        <translation>%1（%2），%4 借给 %3。</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>档案：</translation>
    </message>
    <message>
        <source>Returned on:</source>
        <translation>归还日期：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
</context>
<context>
    <name>ReturnsSection</name>
    <message>
        <source>School year beginning in</source>
        <translation>学年开始于</translation>
    </message>
    <message>
        <source>Counted as of</source>
        <translation>统计日期</translation>
    </message>
    <message>
        <source>Export all to Excel…</source>
        <translation>全部导出Excel…</translation>
    </message>
    <message>
        <source>Print all to PDF…</source>
        <translation>全部打印PDF…</translation>
    </message>
    <message>
        <source>The tables of the annual education statistics returns: students by major and year with girls and ethnic minorities, enrolment, graduates, and the year's changes by cause.</source>
        <translation>教育事业统计年报的表：分专业、分年级的学生数（含其中女生、少数民族），招生数、毕业生数，以及本学年按原因分列的学生变动。</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>统计日期：%1</translation>
    </message>
</context>
<context>
    <name>RoomPaperPreview</name>
    <message>
        <source>A paper for the archive room; it is not entered in the issue register.</source>
        <translation>这是档案室内部用纸，不登记为出具的文书。</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>RoomPrinter</name>
    <message>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Preparing the pages…</source>
        <translation>正在准备页面…</translation>
    </message>
    <message>
        <source>%1 of %2…</source>
        <translation>第 %1 / %2…</translation>
    </message>
    <message>
        <source>Characters missing from the font</source>
        <translation>字库里缺字</translation>
    </message>
    <message>
        <source>Print them as empty boxes (□) and write them in by hand?</source>
        <translation>要把这些字印成空方框（□），打印后再手写补上吗？</translation>
    </message>
    <message>
        <source>Receipt of received files</source>
        <translation>档案接收回执</translation>
    </message>
    <message>
        <source>receipt-%1.pdf</source>
        <translation>接收回执-%1.pdf</translation>
    </message>
    <message>
        <source>Box labels</source>
        <translation>档案盒标签</translation>
    </message>
    <message>
        <source>box-labels.pdf</source>
        <translation>档案盒标签.pdf</translation>
    </message>
    <message>
        <source>Shelf list</source>
        <translation>上架清单</translation>
    </message>
    <message>
        <source>shelf-list.pdf</source>
        <translation>上架清单.pdf</translation>
    </message>
    <message>
        <source>File transfer slips</source>
        <translation>档案转递单</translation>
    </message>
    <message>
        <source>transfer-slips.pdf</source>
        <translation>档案转递单.pdf</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>Retention period</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <source>Keep permanently</source>
        <translation>永久保存</translation>
    </message>
    <message>
        <source>Keep for</source>
        <translation>保存</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source> year</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>from the day the student left</source>
        <translation>从学生离校之日起算</translation>
    </message>
    <message>
        <source>from the day the scan was added</source>
        <translation>从扫描件添加之日起算</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <source>This file is not a picture; it cannot be shown here.</source>
        <translation>这个文件不是图片，不能在这里显示。</translation>
    </message>
</context>
<context>
    <name>SectionCard</name>
    <message>
        <source>Not run yet</source>
        <translation>尚未检测</translation>
    </message>
    <message>
        <source>%1 passed</source>
        <translation>通过 %1 项</translation>
    </message>
    <message>
        <source>%1 attention</source>
        <translation>需注意 %1 项</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>不通过 %1 项</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Text size</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>特大</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation>更换的语言在下次启动程序时生效。</translation>
    </message>
    <message>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>School name:</source>
        <translation>学校名称：</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Lock the screen after this long without use:</source>
        <translation>无人操作多久后锁定屏幕：</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Text size&lt;/b&gt; makes every window's text larger at once, for tired eyes. It is remembered on this computer for you.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Language&lt;/b&gt;: Chinese or English. The program uses the new language the next time it starts.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;字体大小&lt;/b&gt;：一次把所有窗口的字放大，看得更轻松。这台电脑会为您记住这个设置。&lt;/p&gt;&lt;p&gt;&lt;b&gt;界面语言&lt;/b&gt;：中文或英文。更换后，下次启动程序时生效。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Lock the screen&lt;/b&gt;: after this many minutes without use the program hides every record until the password is typed again. This applies to every computer that uses this archive.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;锁定屏幕&lt;/b&gt;：无人操作超过这么多分钟，程序会遮住所有记录，直到重新输入密码。这个设置对使用本档案库的每台电脑都有效。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Users&lt;/b&gt;: add an account for each person, reset a forgotten password, lift a lockout after too many wrong passwords, disable the account of someone who leaves. Each change asks for your own password again. Your own password is changed with &lt;b&gt;Change password…&lt;/b&gt; in the &lt;b&gt;Archive&lt;/b&gt; menu.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;用户&lt;/b&gt;：为每个人新建账户，为忘了密码的人重置密码，输错密码太多次被锁定时解除锁定，人员离开时停用他的账户。每次修改都要再输入一次您自己的密码。自己的密码在&lt;b&gt;档案&lt;/b&gt;菜单的&lt;b&gt;修改密码…&lt;/b&gt;里修改。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Saved. Close and start the program again to use it.</source>
        <translation>已保存。关闭程序再重新打开后生效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>ShelfModel</name>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Year of graduation</source>
        <translation>届别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>档案状态</translation>
    </message>
</context>
<context>
    <name>ShelfView</name>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Cabinet:</source>
        <translation>柜：</translation>
    </message>
    <message>
        <source>Shelf:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Box:</source>
        <translation>盒：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>班级：</translation>
    </message>
    <message>
        <source>Set the place…</source>
        <translation>设置位置…</translation>
    </message>
    <message>
        <source>Print box labels</source>
        <translation>打印档案盒标签</translation>
    </message>
    <message>
        <source>Print the shelf list</source>
        <translation>打印上架清单</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>共 %1 份档案</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Nothing needs doing right now.</source>
        <translation>目前没有需要处理的事。</translation>
    </message>
    <message>
        <source>Stop the check</source>
        <translation>停止检查</translation>
    </message>
    <message>
        <source>&lt;p&gt;This page lists what needs doing now: how many days are left until the next registration deadline (20 April and 20 November unless the school calendar says otherwise) and how many records are not yet checked or reported, students on leave who are due back, classes that graduate this year, paper files lent out and not back, dispatched files without a receipt, files still to be sent on, recent graduates without a destination, aid lists due, and what the data check found.&lt;/p&gt;&lt;p&gt;Each line has a button that opens exactly what it counts.&lt;/p&gt;&lt;p&gt;The data check reads the whole archive and may take a few seconds; you can stop it and start it again with &lt;b&gt;Check again&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;这一页列出现在要做的事：离下一个学籍注册上报截止日（一般是4月20日和11月20日，以校历为准）还有几天、还有多少条记录没有核对或上报、哪些休学学生快到复学日期、哪些班今年毕业、借出未还的档案、转递后没收到回执的档案、还没转递的档案、近期毕业还没登记去向的学生、快到日子的资助名单上报，以及数据检查发现的问题。&lt;/p&gt;&lt;p&gt;每一行都有一个按钮，点一下就能看到这一行说的那些内容。&lt;/p&gt;&lt;p&gt;数据检查要把整个档案库看一遍，可能需要几秒钟；可以随时停止，再点&lt;b&gt;重新检查&lt;/b&gt;重新开始。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Today is %1</source>
        <translation>今天是%1</translation>
    </message>
    <message>
        <source>Checking the data of every student…</source>
        <translation>正在检查每个学生的数据……</translation>
    </message>
    <message>
        <source>Stopping the check…</source>
        <translation>正在停止检查……</translation>
    </message>
    <message>
        <source>The data check was stopped; what it found so far is shown.</source>
        <translation>数据检查已停止，下面是已经查到的问题。</translation>
    </message>
    <message>
        <source>The data check is finished.</source>
        <translation>数据检查已完成。</translation>
    </message>
    <message>
        <source>The data check found nothing to correct.</source>
        <translation>数据检查没有发现需要改正的地方。</translation>
    </message>
    <message>
        <source>paper files lent out are past their due date (the earliest was due %1): ask for them back.</source>
        <translation>份借出的档案已过归还日期（最早的应在%1归还）：请催还。</translation>
    </message>
    <message>
        <source>dispatched paper files have had no receipt back for more than %1 days: ask the receivers.</source>
        <translation>份已转递的档案超过 %1 天还没收到回执：请向接收单位询问。</translation>
    </message>
    <message>
        <source>students have left, but their paper files are neither sent on nor kept by the school.</source>
        <translation>名学生已离校，但档案既没有转递，也没有定为学校归档保存。</translation>
    </message>
    <message>
        <source>students who graduated in the last 12 months have no destination recorded.</source>
        <translation>名近 12 个月内毕业的学生还没有登记毕业去向。</translation>
    </message>
    <message>
        <source>days until the aid list is due: %1 (%2).</source>
        <translation>天后要上报资助名单：%1（%2）。</translation>
    </message>
    <message>
        <source>the aid list is due: %1 (%2).</source>
        <translation>要上报资助名单：%1（%2）。</translation>
    </message>
    <message>
        <source>days since the aid list was due: %1 (%2). Make sure it was reported.</source>
        <translation>天前已到资助名单上报日：%1（%2）。请确认已经上报。</translation>
    </message>
    <message>
        <source>Also due: %1 (%2).</source>
        <translation>另外还要上报：%1（%2）。</translation>
    </message>
    <message>
        <source>Graduated in the last 12 months, no destination recorded</source>
        <translation>近 12 个月毕业、还没有登记毕业去向的学生</translation>
    </message>
    <message>
        <source>Open the calendar</source>
        <translation>打开校历</translation>
    </message>
    <message>
        <source>Open the list</source>
        <translation>打开清单</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>查看这些学生</translation>
    </message>
    <message>
        <source>Data check: %1</source>
        <translation>数据检查：%1</translation>
    </message>
    <message>
        <source>On leave, past the expected return date</source>
        <translation>休学已超过预计复学日期的学生</translation>
    </message>
    <message>
        <source>On leave, due back within %1 days</source>
        <translation>%1 天内到预计复学日期的休学学生</translation>
    </message>
    <message>
        <source>Enrolled students graduating this year</source>
        <translation>今年毕业的在籍学生</translation>
    </message>
    <message>
        <source>Still enrolled after their graduation year</source>
        <translation>毕业年份已过仍在籍的学生</translation>
    </message>
    <message>
        <source>MMMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>MMMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>is the registration deadline (%1).</source>
        <translation>是学籍注册上报的截止日（%1）。</translation>
    </message>
    <message>
        <source>days until the next registration deadline (%1).</source>
        <translation>天后是下一个学籍注册上报截止日（%1）。</translation>
    </message>
    <message>
        <source>The last deadline (%1) passed %2 days ago.</source>
        <translation>上一个截止日（%1）已过去 %2 天。</translation>
    </message>
    <message>
        <source>records are still drafts: check them with the student and confirm them.</source>
        <translation>条学籍记录还是草稿：请和学生一起核对，然后确认。</translation>
    </message>
    <message>
        <source>records were returned by the education authority: correct them and confirm them again.</source>
        <translation>条记录被上级退回：请改正后重新确认。</translation>
    </message>
    <message>
        <source>records are confirmed but not yet reported.</source>
        <translation>条记录已核对确认，还没有上报。</translation>
    </message>
    <message>
        <source>students on leave are past their expected return date: record their return or another status change.</source>
        <translation>名休学学生已超过预计复学日期：请办理复学或其他学籍异动。</translation>
    </message>
    <message>
        <source>students on leave are due back within %1 days.</source>
        <translation>名休学学生将在 %1 天内到预计复学日期。</translation>
    </message>
    <message>
        <source>enrolled students in %2 classes graduate this year (%1): check who is eligible and record the graduation in the 20 working days before they leave on %4 (from %3).</source>
        <translation>名在籍学生（%2 个班）今年毕业（%1届）：请检查毕业条件，并在%4离校前的 20 个工作日内（从%3起）办理毕业。</translation>
    </message>
    <message>
        <source>students are still enrolled although their class's graduation year has passed: record their graduation or another status change.</source>
        <translation>名学生所在班级的毕业年份已过，但仍是在籍：请办理毕业、结业或其他学籍异动。</translation>
    </message>
    <message>
        <source>students: %1 (data check).</source>
        <translation>名学生：%1（数据检查）。</translation>
    </message>
    <message>
        <source>Deadline: %1.</source>
        <translation>截止日：%1。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>StatCard</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Print to PDF…</source>
        <translation>打印PDF…</translation>
    </message>
    <message>
        <source>There is nothing to count here.</source>
        <translation>这里没有可统计的记录。</translation>
    </message>
</context>
<context>
    <name>StatChart</name>
    <message>
        <source>Nothing to draw: no one is counted.</source>
        <translation>没有可画的数：没有统计到学生。</translation>
    </message>
    <message>
        <source>Chart: %1</source>
        <translation>图：%1</translation>
    </message>
    <message>
        <source>the %1 largest of %2 rows; every row is in the table</source>
        <translation>只画出 %2 行中最大的 %1 行，每一行都在表里</translation>
    </message>
</context>
<context>
    <name>StatTableModel</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Export all to Excel…</source>
        <translation>全部导出Excel…</translation>
    </message>
    <message>
        <source>Print all to PDF…</source>
        <translation>全部打印PDF…</translation>
    </message>
    <message>
        <source>The filters select students by their current class and major. "As it stood on" counts each student's status on that day from the history of status changes.</source>
        <translation>筛选按学生现在所在的班级和专业。“按某一天统计”根据学籍异动记录，推算每名学生在那一天的学籍状态。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>By class</source>
        <translation>按班级</translation>
    </message>
    <message>
        <source>Grade distribution</source>
        <translation>成绩分布</translation>
    </message>
    <message>
        <source>Education statistics returns</source>
        <translation>教育事业统计</translation>
    </message>
    <message>
        <source>Work statistics</source>
        <translation>工作量统计</translation>
    </message>
    <message>
        <source>Work log</source>
        <translation>工作记录</translation>
    </message>
    <message>
        <source>Check the data</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <source>Counts the records with missing or doubtful data. This can take a while.</source>
        <translation>统计缺项或有疑问的学籍记录。需要一些时间。</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>&lt;p&gt;The numbers the school leadership and the education bureau ask for: students by status, intake, major, gender, ethnic group, household registration and home province, status changes per term, retention and drop-out per intake, and where the graduates went.&lt;/p&gt;&lt;p&gt;Choose an intake, a major or a class to count only those students (by their current class and major). Tick &lt;b&gt;As it stood on&lt;/b&gt; and pick a date to count the archive as it was that day.&lt;/p&gt;&lt;p&gt;Every table has &lt;b&gt;Export to Excel…&lt;/b&gt; and &lt;b&gt;Print to PDF…&lt;/b&gt;. The other tabs count on request: by class, grade distributions, the education statistics returns, and the work log of a day.&lt;/p&gt;</source>
        <translation>&lt;p&gt;学校领导和教育局常要的数字：按学籍状态、年级、专业、性别、民族、户口性质、生源地统计的学生数，各学期的学籍异动，各年级的巩固率和流失率，以及毕业生去向。&lt;/p&gt;&lt;p&gt;选一个年级、专业或班级，就只统计这些学生（按学生现在所在的班级和专业）。勾选&lt;b&gt;按某一天统计&lt;/b&gt;并选好日期，就按那一天的情况统计。&lt;/p&gt;&lt;p&gt;每张表都有&lt;b&gt;导出Excel…&lt;/b&gt;和&lt;b&gt;打印PDF…&lt;/b&gt;。其他几页要点了才统计：按班级、成绩分布、教育事业统计、某一天的工作记录。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The filters have changed: press Count to count the grades again.</source>
        <translation>筛选条件变了：请点“统计”重新统计成绩。</translation>
    </message>
    <message>
        <source>%1 (graduates of %2)</source>
        <translation>%1（%2届毕业生）</translation>
    </message>
    <message>
        <source>1 student counted</source>
        <translation>共统计 1 名学生</translation>
    </message>
    <message>
        <source>%1 students counted</source>
        <translation>共统计 %1 名学生</translation>
    </message>
    <message>
        <source>as it stood on %1</source>
        <translation>按 %1 的情况</translation>
    </message>
    <message>
        <source>Checking the data…</source>
        <translation>正在检查数据…</translation>
    </message>
    <message>
        <source>Student statistics</source>
        <translation>学生统计</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>StatisticsSection</name>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Nothing is shown: correct the choices and count again.</source>
        <translation>没有显示结果：请改正查询条件后再统计。</translation>
    </message>
</context>
<context>
    <name>StatusChangeDialog</name>
    <message>
        <source>Status change</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <source>No scan chosen</source>
        <translation>未选择扫描件</translation>
    </message>
    <message>
        <source>Choose scan…</source>
        <translation>选择扫描件…</translation>
    </message>
    <message>
        <source>Kind of change</source>
        <translation>异动类别</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>异动原因</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>批准文号</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Expected return date</source>
        <translation>预计复学日期</translation>
    </message>
    <message>
        <source>New class</source>
        <translation>新班级</translation>
    </message>
    <message>
        <source>New major</source>
        <translation>新专业</translation>
    </message>
    <message>
        <source>School transferred to</source>
        <translation>转往学校</translation>
    </message>
    <message>
        <source>Previous school</source>
        <translation>原就读学校</translation>
    </message>
    <message>
        <source>Diploma no. (blank: the next number)</source>
        <translation>毕业证书编号（不填则自动编号）</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Proof (scan)</source>
        <translation>证明材料（扫描件）</translation>
    </message>
    <message>
        <source>What will change</source>
        <translation>将发生的变化</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Record the change</source>
        <translation>办理异动</translation>
    </message>
    <message>
        <source>%1 (student no. %2), now: %3</source>
        <translation>%1（学号 %2），现在：%3</translation>
    </message>
    <message>
        <source>This record is still a draft: check and confirm it before recording a status change.</source>
        <translation>这条学籍还是草稿，请先核对确认，再办理学籍异动。</translation>
    </message>
    <message>
        <source>No status change is possible for this record.</source>
        <translation>这条学籍不能办理学籍异动。</translation>
    </message>
    <message>
        <source>(no change of class)</source>
        <translation>（班级不变）</translation>
    </message>
    <message>
        <source>Choose the scan of the approval</source>
        <translation>选择审批材料的扫描件</translation>
    </message>
    <message>
        <source>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Scan not stored</source>
        <translation>扫描件没有保存</translation>
    </message>
    <message>
        <source>The status change is recorded, but the scan could not be stored: %1 Add it later on the Attachments tab.</source>
        <translation>学籍异动已经办理，但扫描件没能保存：%1 请以后在“附件”页补上。</translation>
    </message>
    <message>
        <source>(new record)</source>
        <translation>（新建）</translation>
    </message>
    <message>
        <source>Status: %1 → %2</source>
        <translation>学籍状态：%1 → %2</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>毕业结论</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Cohort (intake year): %1 → %2</source>
        <translation>年级（入学年份）：%1 → %2</translation>
    </message>
    <message>
        <source>Class, major and cohort stay as they are.</source>
        <translation>班级、专业和年级都不变。</translation>
    </message>
</context>
<context>
    <name>StatusChangeList</name>
    <message>
        <source>No status changes recorded.</source>
        <translation>还没有学籍异动记录。</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Undo the latest status change that was recorded by mistake.</source>
        <translation>撤销最近一次办错的学籍异动。</translation>
    </message>
    <message>
        <source>Revoke the %1 of %2? The student goes back to %3; nothing is deleted.</source>
        <translation>撤销 %2 办理的“%1”吗？学生将恢复为“%3”，记录不会删除。</translation>
    </message>
    <message>
        <source>Revoke a status change</source>
        <translation>撤销学籍异动</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>A reason is needed to revoke a status change.</source>
        <translation>撤销学籍异动必须写明原因。</translation>
    </message>
</context>
<context>
    <name>StatusChangesPage</name>
    <message>
        <source>Mark as checked</source>
        <translation>标为已核对</translation>
    </message>
    <message>
        <source>Mark as reported</source>
        <translation>标为已上报</translation>
    </message>
    <message>
        <source>Mark as approved</source>
        <translation>标为已核准</translation>
    </message>
    <message>
        <source>Returned by the authority…</source>
        <translation>被上级退回…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Open student</source>
        <translation>打开学生档案</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <source>&lt;p&gt;The status changes recorded in the archive, newest first. Choose a kind, a class or dates and press &lt;b&gt;Show&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Double-click a row to open the student. A new status change is recorded from the student's record.&lt;/p&gt;&lt;p&gt;When the change has been checked, reported to the national system or approved, mark it with the buttons below; if the authority sends it back, choose &lt;b&gt;Returned&lt;/b&gt; and write their reason.&lt;/p&gt;</source>
        <translation>&lt;p&gt;这里按时间从新到旧列出档案里办理过的学籍异动。可以选择类别、班级或日期，再点&lt;b&gt;查询&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;双击一行可打开该学生的档案。办理新的学籍异动请到学生档案里进行。&lt;/p&gt;&lt;p&gt;异动核对好、上报到国家系统或已核准后，用下方按钮标明；如果被上级退回，请点&lt;b&gt;被上级退回&lt;/b&gt;并写下退回原因。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 status changes</source>
        <translation>共 %1 条学籍异动</translation>
    </message>
    <message>
        <source>Returned by the authority</source>
        <translation>被上级退回</translation>
    </message>
    <message>
        <source>Why was it returned? (as the authority wrote it)</source>
        <translation>退回原因（照上级写的填）：</translation>
    </message>
</context>
<context>
    <name>StudentForm</name>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Class and enrolment</source>
        <translation>班级与学籍</translation>
    </message>
    <message>
        <source>Identity and household registration</source>
        <translation>身份与户籍</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>专业与入学</translation>
    </message>
    <message>
        <source>Personal details</source>
        <translation>个人情况</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>招生信息</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>School registration</source>
        <translation>学校登记</translation>
    </message>
    <message>
        <source>It is already used by %1 (student no. %2, %3).</source>
        <translation>这个号码已经被 %1 使用（学号 %2，%3）。</translation>
    </message>
    <message>
        <source>The record was saved. These students look like the same person; please check that this student was not entered twice:</source>
        <translation>记录已保存。下面这些学生看起来像是同一个人，请核对是否重复录入了：</translation>
    </message>
    <message>
        <source>New student</source>
        <translation>新生录入</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Student record</source>
        <translation>学生信息</translation>
    </message>
    <message>
        <source>This record was changed elsewhere and is shown as it is now; your unsaved changes are kept.</source>
        <translation>这条记录刚在别处改过，下面显示的是现在的内容；您还没保存的修改都保留着。</translation>
    </message>
    <message>
        <source>These can no longer be changed here and were undone: %1</source>
        <translation>以下几项现在不能在这里修改，已改回原样：%1</translation>
    </message>
    <message>
        <source>Something went wrong. Nothing was changed; please try again.</source>
        <translation>出了点问题，没有做任何改动，请再试一次。</translation>
    </message>
    <message>
        <source>This record was voided; it can be read but not changed.</source>
        <translation>这条记录已作废，只能查看，不能修改。</translation>
    </message>
    <message>
        <source>This record has been confirmed: every change needs a reason and is kept in the history. Class and major change only through a status change.</source>
        <translation>这条记录已核对确认：每次修改都要填写原因，并记入修改历史。班级和专业只能通过学籍异动修改。</translation>
    </message>
    <message>
        <source>%1 required item(s) still missing</source>
        <translation>还差 %1 项必填</translation>
    </message>
    <message>
        <source>All required items are filled in</source>
        <translation>必填项已全部填写</translation>
    </message>
    <message>
        <source>Nothing has changed since the last save.</source>
        <translation>自上次保存以来没有修改。</translation>
    </message>
    <message>
        <source>Not saved: %1 item(s) need correcting first (marked in red).</source>
        <translation>没有保存：还有 %1 处要先改正（已用红框标出）。</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>This record has already been confirmed. Say briefly why it is changed (for example: the student's household registration moved).</source>
        <translation>这条记录已经核对确认。请简要写明修改原因（例如：学生户口已迁移）。</translation>
    </message>
    <message>
        <source>Please check</source>
        <translation>请核对</translation>
    </message>
    <message>
        <source>These values are unusual. Save anyway?</source>
        <translation>下面这些内容不太常见，仍要保存吗？</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Possibly entered twice</source>
        <translation>可能重复录入</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>This record has changes that are not saved yet. Save them now?</source>
        <translation>这条记录有修改还没有保存。现在保存吗？</translation>
    </message>
</context>
<context>
    <name>StudentPicker</name>
    <message>
        <source>Name, student no., registry no. or ID number</source>
        <translation>姓名、学号、学籍号或身份证件号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add the whole class</source>
        <translation>添加全班</translation>
    </message>
    <message>
        <source>No student found.</source>
        <translation>没有找到学生。</translation>
    </message>
</context>
<context>
    <name>StudentTableModel</name>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证件号</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <source>Report status</source>
        <translation>上报状态</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>未说明</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>在籍</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>休学</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>毕业</translation>
    </message>
    <message>
        <source>Completed without diploma</source>
        <translation>结业</translation>
    </message>
    <message>
        <source>Left without completing</source>
        <translation>肄业</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>退学</translation>
    </message>
    <message>
        <source>Expelled</source>
        <translation>开除</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Deregistered</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已核准</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>StudentsPage</name>
    <message>
        <source>Student no., name, pinyin initials (e.g. zw) or part of the ID number</source>
        <translation>学号、姓名、拼音首字母（如 zw）或身份证件号的一部分</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>New student</source>
        <translation>新增学生</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部班级</translation>
    </message>
    <message>
        <source>All majors</source>
        <translation>全部专业</translation>
    </message>
    <message>
        <source>All intakes</source>
        <translation>全部入学年份</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部学籍状态</translation>
    </message>
    <message>
        <source>All report states</source>
        <translation>全部上报状态</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Student list</source>
        <translation>学生名单</translation>
    </message>
    <message>
        <source>Issue documents…</source>
        <translation>出具文书…</translation>
    </message>
    <message>
        <source>Record package…</source>
        <translation>制作档案包…</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>&lt;p&gt;Type a student no., a name, the first letters of the name in pinyin (e.g. zw) or part of the ID number: the list follows as you type. The lists above narrow it by class, major, intake, status and report state. Click a column title to sort.&lt;/p&gt;&lt;p&gt;Double-click a student (or press Enter) to open the record. The list shows at most 200 students at a time: type more to find the others.&lt;/p&gt;</source>
        <translation>&lt;p&gt;输入学号、姓名、姓名拼音首字母（如 zw 表示张伟）或身份证件号的一部分，名单随输入即时变化。上方的下拉框可按班级、专业、入学年份、学籍状态和上报状态缩小范围。点击列标题可排序。&lt;/p&gt;&lt;p&gt;双击某个学生（或按回车键）打开其学籍档案。名单一次最多显示 200 名学生，请输入更多内容查找其他学生。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The student list could not be loaded because of an unexpected problem. Try again; if it happens again, contact the administrator.</source>
        <translation>因意外问题，学生名单未能显示。请再试一次；如果仍然出现，请联系管理员。</translation>
    </message>
    <message>
        <source>Select students in the list first.</source>
        <translation>请先在名单中选中学生。</translation>
    </message>
    <message>
        <source>No student matches. Check the spelling or clear the filters.</source>
        <translation>没有找到符合条件的学生。请检查输入内容，或清除筛选条件。</translation>
    </message>
    <message>
        <source>There are no students in this archive yet.</source>
        <translation>档案室里还没有学生。</translation>
    </message>
    <message>
        <source>Showing the first %1 of more than %2 students — type more to narrow</source>
        <translation>显示前 %1 名，共超过 %2 名 — 请输入更多条件</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 students — type more to narrow</source>
        <translation>显示前 %1 名，共 %2 名 — 请输入更多条件</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>共 %1 名学生</translation>
    </message>
    <message>
        <source>%1 intake</source>
        <translation>%1级</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>档案</translation>
    </message>
    <message>
        <source>Edit record</source>
        <translation>修改档案</translation>
    </message>
</context>
<context>
    <name>TableOutput</name>
    <message>
        <source>Save the PDF as</source>
        <translation>PDF 保存为</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save the workbook as</source>
        <translation>Excel 文件保存为</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Stopped. No file was written.</source>
        <translation>已停止，没有生成文件。</translation>
    </message>
</context>
<context>
    <name>TermDialog</name>
    <message>
        <source>New term</source>
        <translation>新增学期</translation>
    </message>
    <message>
        <source>Change a term</source>
        <translation>修改学期</translation>
    </message>
    <message>
        <source>%1-%2 school year</source>
        <translation>%1-%2学年</translation>
    </message>
    <message>
        <source>First semester</source>
        <translation>第一学期</translation>
    </message>
    <message>
        <source>Second semester</source>
        <translation>第二学期</translation>
    </message>
    <message>
        <source>School year:</source>
        <translation>学年：</translation>
    </message>
    <message>
        <source>Semester:</source>
        <translation>学期：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>First day:</source>
        <translation>开始日期：</translation>
    </message>
    <message>
        <source>Last day:</source>
        <translation>结束日期：</translation>
    </message>
    <message>
        <source>The dates proposed follow the same term a year earlier. Check them against the school's own calendar: terms may not share a day.</source>
        <translation>建议的日期是照上一学年同一学期推算的，请对照学校的校历核对：两个学期不能有重叠的日子。</translation>
    </message>
    <message>
        <source>The school year and semester of a recorded term stay as they are: its grades and conduct records are filed under them.</source>
        <translation>已登记学期的学年和第几学期不能在这里改：这个学期的成绩和操行评定都记在它名下。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The term was not saved:</source>
        <translation>学期没有保存：</translation>
    </message>
</context>
<context>
    <name>TermsSection</name>
    <message>
        <source>Terms</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>No terms are recorded yet.</source>
        <translation>还没有登记任何学期。</translation>
    </message>
    <message>
        <source>New term…</source>
        <translation>新增学期…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
</context>
<context>
    <name>TransferExportDialog</name>
    <message>
        <source>Student record package</source>
        <translation>学籍档案包（转出/移交）</translation>
    </message>
    <message>
        <source>Writing the package…</source>
        <translation>正在制作档案包…</translation>
    </message>
    <message>
        <source>Student %1 of %2 packed…</source>
        <translation>已装入第 %1 名学生，共 %2 名…</translation>
    </message>
    <message>
        <source>Students</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Transfer out: the students have moved to another school</source>
        <translation>转出：学生已转到其他学校</translation>
    </message>
    <message>
        <source>Archive handover: the records go to another archive</source>
        <translation>档案移交：档案交给其他档案室</translation>
    </message>
    <message>
        <source>The receiving school or archive</source>
        <translation>接收的学校或档案室</translation>
    </message>
    <message>
        <source>Suggest another</source>
        <translation>换一个</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Receiver:</source>
        <translation>接收单位：</translation>
    </message>
    <message>
        <source>Package password</source>
        <translation>包密码</translation>
    </message>
    <message>
        <source>Write the package password down and give it to the receiver separately (in person or by telephone), never together with the file. It is not kept anywhere: without it the package cannot be opened.</source>
        <translation>请把包密码抄下来，另行告诉接收单位（当面或电话），不要和文件放在一起交出。本系统不保存这个密码，没有它档案包就打不开。</translation>
    </message>
    <message>
        <source>The package with %1 students was saved: %2
Fingerprint: %3
Give the file and, separately, the package password to the receiver.</source>
        <translation>含 %1 名学生的档案包已保存：%2
校验码：%3
请把文件交给接收单位，包密码另行告知。</translation>
    </message>
    <message>
        <source>This archive's fingerprint</source>
        <translation>本档案的校验码</translation>
    </message>
    <message>
        <source>Tell the receiver this fingerprint too: their archive shows the fingerprint of the package, and the two must be the same.</source>
        <translation>也请把校验码告诉接收单位：对方导入时会看到档案包的校验码，两者必须完全一样。</translation>
    </message>
    <message>
        <source>Save the package…</source>
        <translation>保存档案包…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 student in the package</source>
        <translation>档案包里有 %1 名学生</translation>
    </message>
    <message>
        <source>%1 students in the package</source>
        <translation>档案包里有 %1 名学生</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>%1名学生</translation>
    </message>
    <message>
        <source>Save the package as</source>
        <translation>档案包保存为</translation>
    </message>
    <message>
        <source>Student record packages (*.xjpkg)</source>
        <translation>学籍档案包 (*.xjpkg)</translation>
    </message>
    <message>
        <source>Stopped. No package was written.</source>
        <translation>已停止，没有生成档案包。</translation>
    </message>
</context>
<context>
    <name>TransferImportDialog</name>
    <message>
        <source>Take in a student record package</source>
        <translation>转入学籍档案包</translation>
    </message>
    <message>
        <source>Opening and checking the package…</source>
        <translation>正在打开并核验档案包…</translation>
    </message>
    <message>
        <source>Checking the package: %1 of %2…</source>
        <translation>正在核验档案包：%1 / %2…</translation>
    </message>
    <message>
        <source>Adding the students…</source>
        <translation>正在添加学生…</translation>
    </message>
    <message>
        <source>Step %1 of %2…</source>
        <translation>第 %1 步，共 %2 步…</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Package file:</source>
        <translation>档案包文件：</translation>
    </message>
    <message>
        <source>Show these students</source>
        <translation>查看这些学生</translation>
    </message>
    <message>
        <source>Package password:</source>
        <translation>包密码：</translation>
    </message>
    <message>
        <source>The sending school gives the package password separately from the file. Nothing is added to the archive before you have seen what the package holds and confirmed.</source>
        <translation>包密码由转出学校另行告知。在您看过档案包内容并确认之前，不会向档案里添加任何东西。</translation>
    </message>
    <message>
        <source>Step 1 of 3: the package and its password</source>
        <translation>第 1 步（共 3 步）：档案包和密码</translation>
    </message>
    <message>
        <source>Step 2 of 3: check what the package holds; nothing is added yet</source>
        <translation>第 2 步（共 3 步）：核对档案包内容，现在还没有添加任何东西</translation>
    </message>
    <message>
        <source>Step 3 of 3: done</source>
        <translation>第 3 步（共 3 步）：完成</translation>
    </message>
    <message>
        <source>Open the package &gt;</source>
        <translation>打开档案包 &gt;</translation>
    </message>
    <message>
        <source>Take in…</source>
        <translation>转入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stopped. Nothing was added to the archive.</source>
        <translation>已停止，档案没有任何改动。</translation>
    </message>
    <message>
        <source>Choose the package file</source>
        <translation>选择档案包文件</translation>
    </message>
    <message>
        <source>Student record packages (*%1)</source>
        <translation>学籍档案包 (*%1)</translation>
    </message>
    <message>
        <source>%1 of the students cannot be taken in (see the last column): the package is taken in whole or not at all.</source>
        <translation>有 %1 名学生不能转入（见最后一列）：档案包只能整包转入，不能只转一部分。</translation>
    </message>
    <message>
        <source>%1 students will be added to this archive. Take the package in now?</source>
        <translation>将向本档案添加 %1 名学生。现在转入吗？</translation>
    </message>
    <message>
        <source>%1 students were added to the archive. The sending school's grades and history are kept with each record, under “Transferred records”.</source>
        <translation>已向档案添加 %1 名学生。原学校的成绩和历史记录随每名学生保存，在“转入档案”里查看。</translation>
    </message>
    <message>
        <source>Taken in from %1</source>
        <translation>从 %1 转入</translation>
    </message>
</context>
<context>
    <name>TransferredRecords</name>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Family members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>History of changes</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Number corrections</source>
        <translation>学号/学籍号更正</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Conduct</source>
        <translation>思想品德评价</translation>
    </message>
    <message>
        <source>Rewards and punishments</source>
        <translation>奖惩</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <source>Internships</source>
        <translation>实习</translation>
    </message>
    <message>
        <source>Skill certificates</source>
        <translation>技能证书</translation>
    </message>
    <message>
        <source>Financial aid</source>
        <translation>资助</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>毕业去向</translation>
    </message>
    <message>
        <source>Paper file</source>
        <translation>纸质档案</translation>
    </message>
    <message>
        <source>Papers in the file</source>
        <translation>档案袋材料</translation>
    </message>
    <message>
        <source>File loans</source>
        <translation>档案借阅</translation>
    </message>
    <message>
        <source>Documents issued</source>
        <translation>出具的文书</translation>
    </message>
    <message>
        <source>Course code</source>
        <translation>课程代码</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Course type</source>
        <translation>课程类型</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>学分</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Term code</source>
        <translation>学期代码</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>学期</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Make-up exam</source>
        <translation>补考成绩</translation>
    </message>
    <message>
        <source>Make-up date</source>
        <translation>补考日期</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>重修成绩</translation>
    </message>
    <message>
        <source>Retake term</source>
        <translation>重修学期</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>异动类别</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>异动原因</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>异动前状态</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>异动后状态</translation>
    </message>
    <message>
        <source>Report status</source>
        <translation>上报状态</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Why revoked</source>
        <translation>撤销原因</translation>
    </message>
    <message>
        <source>Revoked on</source>
        <translation>撤销时间</translation>
    </message>
    <message>
        <source>Entered on</source>
        <translation>录入时间</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>发文单位</translation>
    </message>
    <message>
        <source>Lifted on</source>
        <translation>解除日期</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>发证单位</translation>
    </message>
    <message>
        <source>Certificate no.</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>发放日期</translation>
    </message>
    <message>
        <source>Matches the major</source>
        <translation>专业对口</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借阅人</translation>
    </message>
    <message>
        <source>Lent on</source>
        <translation>借出日期</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>应还日期</translation>
    </message>
    <message>
        <source>Returned on</source>
        <translation>归还日期</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>出具时间</translation>
    </message>
    <message>
        <source>To school</source>
        <translation>转入学校</translation>
    </message>
    <message>
        <source>From school</source>
        <translation>原学校</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Confirmed on</source>
        <translation>核对时间</translation>
    </message>
    <message>
        <source>Why returned</source>
        <translation>退回原因</translation>
    </message>
    <message>
        <source>Graduation date</source>
        <translation>毕业（离校）日期</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>最后修改时间</translation>
    </message>
    <message>
        <source>(a photo)</source>
        <translation>（照片）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>TransferredRecordsButton</name>
    <message>
        <source>Transferred records…</source>
        <translation>转入档案…</translation>
    </message>
</context>
<context>
    <name>TransferredRecordsDialog</name>
    <message>
        <source>Transferred records</source>
        <translation>转入档案</translation>
    </message>
    <message>
        <source>No package brought records for this student.</source>
        <translation>这名学生没有随档案包转入的记录。</translation>
    </message>
    <message>
        <source>What the sending school kept, as it arrived with the package (%1). It is shown as it came and cannot be changed.</source>
        <translation>这是原学校保存的记录，随档案包转入（%1），按原样显示，不能修改。</translation>
    </message>
</context>
<context>
    <name>UserActionDialog</name>
    <message>
        <source>Unlock user</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Enable user</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>%1 may sign in again at once, without waiting for the 15 minutes of the lockout.</source>
        <translation>%1 可以马上重新登录，不必等锁定的 15 分钟过去。</translation>
    </message>
    <message>
        <source>%1 can no longer sign in. Nothing is deleted: what they did stays in the audit log, and the account can be enabled again later.</source>
        <translation>%1 将不能再登录。不会删除任何内容：他做过的事仍记在审计日志里，以后也可以重新启用这个账户。</translation>
    </message>
    <message>
        <source>%1 may sign in again with their password.</source>
        <translation>%1 可以用自己的密码重新登录。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Archive clerk</source>
        <translation>档案员</translation>
    </message>
    <message>
        <source>Read only</source>
        <translation>查阅</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>users, settings, backups and restore, audit log; cannot enter records</source>
        <translation>管理用户、设置、备份与恢复、审计日志；不能录入学籍</translation>
    </message>
    <message>
        <source>find, enter and correct records, import, print, export, back up</source>
        <translation>查找、录入和修改学籍，导入、打印、导出、备份</translation>
    </message>
    <message>
        <source>look only; ID numbers partly hidden</source>
        <translation>只能查看；身份证件号只显示一部分</translation>
    </message>
    <message>
        <source>Your own password:</source>
        <translation>您自己的密码：</translation>
    </message>
    <message>
        <source>Type your own password: changes to users need it again.</source>
        <translation>请输入您自己的密码：修改用户需要再次确认身份。</translation>
    </message>
    <message>
        <source>Your own password is wrong; nothing was changed. Type the password you signed in with.</source>
        <translation>您自己的密码不正确，没有做任何修改。请输入您登录时用的密码。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Everyone signs in with an account of their own. Accounts are never deleted: disable the account of someone who leaves. Changes ask for your own password again.</source>
        <translation>每个人用自己的账户登录。账户不能删除：人员离开时请停用他的账户。每次修改都要再输入一次您自己的密码。</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解除锁定…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Change your own password with Change password… in the Archive menu.</source>
        <translation>自己的密码请在【档案】菜单的【修改密码…】里修改。</translation>
    </message>
    <message>
        <source>Another administrator can disable this account; you cannot disable your own.</source>
        <translation>您不能停用自己的账户，可以请另一位管理员停用。</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>启用…</translation>
    </message>
    <message>
        <source>User %1 was added.</source>
        <translation>已新建用户 %1。</translation>
    </message>
    <message>
        <source>The password of %1 was reset. Give it to them in person.</source>
        <translation>已重置 %1 的密码。请当面告诉本人。</translation>
    </message>
    <message>
        <source>%1 is unlocked and may sign in again.</source>
        <translation>%1 已解除锁定，可以重新登录。</translation>
    </message>
    <message>
        <source>%1 is disabled and can no longer sign in.</source>
        <translation>%1 已停用，不能再登录。</translation>
    </message>
    <message>
        <source>%1 is enabled and may sign in again.</source>
        <translation>%1 已启用，可以重新登录。</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Check a document</source>
        <translation>核验文书</translation>
    </message>
    <message>
        <source>Type the serial number printed on the document (e.g. CJD2026-000123), or scan its QR code with a scanner into the box below.</source>
        <translation>输入文书上印的编号（例如 CJD2026-000123），或者用扫码枪把文书上的二维码扫进下面的输入框。</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>编号：</translation>
    </message>
    <message>
        <source>Document:</source>
        <translation>文书：</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>Issued on:</source>
        <translation>出具时间：</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>出具人：</translation>
    </message>
    <message>
        <source>Type the serial number printed on the document, or scan its QR code.</source>
        <translation>请输入文书上印的编号，或扫描文书上的二维码。</translation>
    </message>
    <message>
        <source>Genuine: this archive issued this document, and it has not been changed.</source>
        <translation>真实有效：这份文书是本档案库出具的，内容没有被改动。</translation>
    </message>
    <message>
        <source>Issued by this archive, but later declared void (reason: %1). It is no longer valid.</source>
        <translation>这份文书是本档案库出具的，但后来已作废（原因：%1），现在不再有效。</translation>
    </message>
    <message>
        <source>Issued by this archive, but replaced later by the document %1. Only the newer one is valid.</source>
        <translation>这份文书是本档案库出具的，但后来已换发新文书 %1，只有新的那份有效。</translation>
    </message>
    <message>
        <source>No serial number or QR code could be read from this text. Check what was typed and try again.</source>
        <translation>从输入的内容里读不出编号或二维码。请检查输入后再试。</translation>
    </message>
    <message>
        <source>Not issued by this archive, or its content was changed afterwards. Do not rely on this document.</source>
        <translation>本档案库没有出具过这份文书，或者它的内容被改动过。请不要采信这份文书。</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void an entry</source>
        <translation>作废奖惩记录</translation>
    </message>
    <message>
        <source>Entry:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>作废原因：</translation>
    </message>
    <message>
        <source>Only for an entry made by mistake (e.g. entered twice). A punishment wrongly imposed is annulled instead.</source>
        <translation>仅用于录错的记录（例如重复录入）。处分本身有误的，请用“撤销处分”。</translation>
    </message>
</context>
<context>
    <name>WhereaboutsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <source>Left on</source>
        <translation>离校日期</translation>
    </message>
    <message>
        <source>Where the paper file is</source>
        <translation>纸质档案在哪里</translation>
    </message>
</context>
<context>
    <name>WhoTouchedDialog</name>
    <message>
        <source>Who touched this record</source>
        <translation>谁动过这份档案</translation>
    </message>
    <message>
        <source>Everything done with the data of %1, newest first.</source>
        <translation>与 %1 的信息有关的全部操作，最新的排在最前面。</translation>
    </message>
    <message>
        <source>Reading the activity record…</source>
        <translation>正在读取操作记录…</translation>
    </message>
    <message>
        <source>%1 entries.</source>
        <translation>共 %1 条。</translation>
    </message>
    <message>
        <source>1 entry.</source>
        <translation>共 1 条。</translation>
    </message>
    <message>
        <source>Nobody has done anything with this record yet.</source>
        <translation>还没有人对这份档案做过任何操作。</translation>
    </message>
</context>
<context>
    <name>WorkLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>做了什么</translation>
    </message>
    <message>
        <source>Concerning</source>
        <translation>涉及</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数量</translation>
    </message>
</context>
<context>
    <name>WorkLogSection</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Print to PDF…</source>
        <translation>打印PDF…</translation>
    </message>
    <message>
        <source>%1 on %2: %3 entries</source>
        <translation>%1 在 %2 的工作：共 %3 条</translation>
    </message>
    <message>
        <source>%1 on %2: 1 entry</source>
        <translation>%1 在 %2 的工作：共 1 条</translation>
    </message>
    <message>
        <source>Save the PDF as</source>
        <translation>PDF 保存为</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>WorkStatsSection</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>What each user entered, corrected, issued and exported in the period.</source>
        <translation>这段时间里每个用户录入、更正、出具和导出了多少。</translation>
    </message>
</context>
</TS>
