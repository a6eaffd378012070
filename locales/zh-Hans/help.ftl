# kefu 的简体中文文案：/help 和命令菜单。

help =
    <b>我能做什么</b>
    • <b>报告问题</b>：在菜单中选择问题类型，我会逐项询问细节，请您核对汇总后，为客服团队创建工单。
    • <b>我的工单</b>：查看您的工单及其进度。
    • <b>语言</b>：English、简体中文或繁體中文。

    <b>命令</b>
    /start — 主菜单
    /help — 本帮助
    /cancel — 取消正在填写的报告
    /language — 切换语言
    /order — 查询订单状态（例如 /order DM240003）
cmd-start = 主菜单
cmd-help = 使用帮助
cmd-language = 切换语言
cmd-cancel = 取消当前操作
cmd-order = 查询订单状态
