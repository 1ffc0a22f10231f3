<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>SCHOOL-NAME</source>
        <translation>学校名称</translation>
    </message>
    <message>
        <source>ADMIN-NAME</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <source>To create a new archive, an administrator runs:</source>
        <translation>新建档案库，请管理员运行：</translation>
    </message>
    <message>
        <source>To practise with made-up students first, run:</source>
        <translation>想先用虚构的学生练习，请运行：</translation>
    </message>
    <message>
        <source>No archive found</source>
        <translation>没有找到档案库</translation>
    </message>
    <message>
        <source>The archive cannot be opened</source>
        <translation>无法打开档案库</translation>
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
        <source>Please enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The archive could not be opened because of an unexpected problem. Please try again; if it happens again, contact the administrator.</source>
        <translation>出现意外问题，档案库没能打开。请再试一次；如果仍然不行，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Xueji Desktop</source>
        <translation>学籍档案室</translation>
    </message>
    <message>
        <source>%1 — Xueji Desktop</source>
        <translation>%1 — 学籍档案室</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Student no., name, class or major — several words narrow the list</source>
        <translation>学号、姓名、班级或专业，可输入多个词缩小范围</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Load the student list again (F5)</source>
        <translation>重新载入学生名单（F5）</translation>
    </message>
    <message>
        <source>Loading the student list…</source>
        <translation>正在载入学生名单…</translation>
    </message>
    <message>
        <source>Signed in as: %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <source>The student list could not be loaded because of an unexpected problem. Click Reload to try again; if it happens again, contact the administrator.</source>
        <translation>出现意外问题，学生名单没能载入。请点击“刷新”再试一次；如果仍然不行，请联系管理员。</translation>
    </message>
    <message>
        <source>%1 of %2 students shown</source>
        <translation>显示 %1 名，共 %2 名学生</translation>
    </message>
    <message>
        <source>First %1 of %2 students shown</source>
        <translation>显示前 %1 名，共 %2 名学生</translation>
    </message>
    <message>
        <source>%1 students</source>
        <translation>共 %1 名学生</translation>
    </message>
    <message>
        <source>There are no students in this archive yet.</source>
        <translation>档案库里还没有学生。</translation>
    </message>
    <message>
        <source>No student matches “%1”.</source>
        <translation>没有找到与“%1”相符的学生。</translation>
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
</context>
</TS>
