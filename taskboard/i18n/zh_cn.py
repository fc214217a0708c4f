"""Simplified Chinese translations, keyed by the English source text."""

CATALOGUE: dict[str, str] = {
    # statuses
    "suggested": "建议",
    "open": "待认领",
    "staffed": "已配人",
    "in_progress": "进行中",
    "done": "已完成",
    "archived": "已归档",
    # kinds
    "renovation": "改造",
    "service": "服务",
    "event": "活动",
    "visits": "走访",
    # priorities
    "low": "低",
    "normal": "普通",
    "high": "高",
    "urgent": "紧急",
    # assignment states
    "proposed": "拟安排",
    "confirmed": "已确认",
    "declined": "已谢绝",
    "no_show": "未到场",
    # checklist states
    "todo": "待办",
    "retry": "需再访",
    "skipped": "跳过",
    # days and parts of day
    "mon": "周一",
    "tue": "周二",
    "wed": "周三",
    "thu": "周四",
    "fri": "周五",
    "sat": "周六",
    "sun": "周日",
    "morning": "上午",
    "afternoon": "下午",
    "evening": "晚上",
    # column headers and labels
    "Ref": "编号",
    "Status": "状态",
    "Priority": "优先级",
    "Kind": "类型",
    "Date": "日期",
    "Title": "标题",
    "Site": "社区",
    "Place": "地点",
    "Needs": "所需技能",
    "Name": "姓名",
    "Phone": "电话",
    "Coordinator": "负责人",
    "Street": "街道",
    "District": "区",
    "Added site {site}": "已添加社区 {site}",
    "Edited site {site}": "已修改社区 {site}",
    "{site}: nothing changed": "{site}:没有变化",
    "no site {site}": "没有社区 {site}",
    "a site's {field} cannot be changed": "社区的 {field} 不能修改",
    "nothing to change: give --name, --street, --district, --coordinator or --phone": (
        "没有要修改的内容:请给出 --name、--street、--district、--coordinator 或 --phone"
    ),
    "Questions? Call {contact}.": "有问题请致电 {contact}。",
    "{ref}: its date ({day}) has passed; check the schedule": "{ref}:日期({day})已过,请检查安排",
    "Skills": "技能",
    "Groups": "小组",
    "Availability": "空闲时间",
    "Away": "外出",
    "Minor": "未成年",
    "Active": "在岗",
    "Consent": "同意共享",
    "Max hours/week": "每周最多小时",
    "Certifications": "证书",
    "Notes": "备注",
    "Description": "说明",
    "Schedule": "时间",
    "Due": "截止",
    "Estimated hours": "预计小时",
    "Origin": "来源",
    "Tags": "标签",
    "Checklist": "清单",
    "Assignments": "人员安排",
    "History": "变更记录",
    "Preferred group": "优先小组",
    "When": "时间",
    "Who": "操作人",
    "Action": "操作",
    "Changes": "改动",
    "Backup": "备份",
    "Taken": "时间",
    "Size": "大小",
    "Tasks": "任务",
    "Volunteers": "志愿者",
    "Adult only": "仅限成人",
    "Needs certificate": "需证书",
    "Label": "名称",
    "yes": "是",
    "no": "否",
    "attempts: {n}": "已上门 {n} 次",
    "level": "等级",
    # messages
    "No tasks match.": "没有符合条件的任务。",
    "No volunteers match.": "没有符合条件的志愿者。",
    "No backups yet.": "还没有备份。",
    "No history.": "没有变更记录。",
    "Created task {ref}: {title}": "已创建任务 {ref}:{title}",
    "Updated task {ref}": "已更新任务 {ref}",
    "Moved {ref} to {status}": "已将 {ref} 移到「{status}」",
    "Removed task {ref}. Undo with: taskboard task restore {ref}": (
        "已删除任务 {ref}。撤销:taskboard task restore {ref}"
    ),
    "Restored task {ref}": "已恢复任务 {ref}",
    "Added volunteer {ref}: {name}": "已添加志愿者 {ref}:{name}",
    "Updated volunteer {ref}": "已更新志愿者 {ref}",
    "Removed volunteer {ref}. Undo with: taskboard volunteer restore {ref}": (
        "已删除志愿者 {ref}。撤销:taskboard volunteer restore {ref}"
    ),
    "Restored volunteer {ref}": "已恢复志愿者 {ref}",
    "Volunteers updated: {updated} ({fields}); added: {added}; unchanged: {unchanged}": (
        "已更新 {updated} 名志愿者:{fields};新增 {added} 名;未变 {unchanged} 名"
    ),
    "Volunteers added: {added}; unchanged: {unchanged}": (
        "新增 {added} 名志愿者;未变 {unchanged} 名"
    ),
    "Nothing to change: all {rows} rows of {file} match the roster": (
        "无需更改:{file} 的 {rows} 行都与名册一致"
    ),
    "Skipped {count} cells withheld by a redacted export; the stored values stay": (
        "跳过了脱敏导出中隐去的 {count} 个单元格;已存的内容不变"
    ),
    "Dry run: nothing was saved": "试运行:没有保存任何内容",
    "Exported {count} volunteers to {file}": "已导出 {count} 名志愿者到 {file}",
    "Created {path} for site {site} ({name})": "已为社区 {site}({name})创建 {path}",
    "Restored backup {name}; the state before was saved as backup {before}": (
        "已恢复备份 {name};恢复前的数据已另存为备份 {before}"
    ),
    "Restored backup {name}": "已恢复备份 {name}",
    "The damaged file was kept as {file}": "损坏的文件已保留为 {file}",
    "{ref}: item {item} is now {state}": "{ref}:清单项 {item} 现在是「{state}」",
    "Loaded the {size} example: {tasks} tasks, {volunteers} volunteers into {path}": (
        "已载入{size}示例数据:{tasks} 个任务,{volunteers} 名志愿者 → {path}"
    ),
    "error": "错误",
    # errors raised below the language (model and store), said in it at the edge
    "no {what} {ref}": "没有{what} {ref}",
    "{what} {ref} was removed": "{what} {ref} 已删除",
    "no volunteer {query} (try a reference like funing-v3, a name or a phone)": (
        "没有志愿者 {query}(请输入编号如 funing-v3、姓名或电话)"
    ),
    "task": "任务",
    "assignment": "安排",
    "skill": "技能",
    "hours entry": "工时记录",
    "history entry": "历史记录",
    "backup": "备份",
    "conflict": "冲突",
    "{option} {value}: expected SKILL:COUNT[:MINLEVEL], e.g. welding:2:2": (
        "{option} {value}:格式应为 技能:人数[:最低等级],如 welding:2:2"
    ),
    "{option} {value}: expected SKILL:LEVEL, e.g. painting:2": (
        "{option} {value}:格式应为 技能:等级,如 painting:2"
    ),
    "{option} {value}: expected FROM:TO, e.g. 2026-12-01:2026-12-10": (
        "{option} {value}:格式应为 开始:结束,如 2026-12-01:2026-12-10"
    ),
    "{option} {value}: expected SKILL:EXPIRY, e.g. welding:2027-06-30": (
        "{option} {value}:格式应为 技能:到期日,如 welding:2027-06-30"
    ),
    "{option} {value}: expected a date like 2026-12-05": (
        "{option} {value}:应为日期,如 2026-12-05"
    ),
    "{option} {value}: expected a date and time like 2026-12-05T09:00": (
        "{option} {value}:应为日期和时间,如 2026-12-05T09:00"
    ),
    "{option} {value}: {reason}": "{option} {value}:{reason}",
    "{option} {value}: expected a number, e.g. 2.5": "{option} {value}:应为数字,如 2.5",
    "{option} {value}: must be more than 0": "{option} {value}:必须大于 0",
    "{option} {value}: {name} must be a whole number": "{option} {value}:{name}须为整数",
    "COUNT": "人数",
    "LEVEL": "等级",
    "MINLEVEL": "最低等级",
    # pydantic's reasons, as model.errors words them
    "is not a known field": "不是已知的字段",
    "must be a date like 2026-12-05": "须为日期,如 2026-12-05",
    "must be a date and time like 2026-12-05T09:00": "须为日期和时间,如 2026-12-05T09:00",
    "must be a number": "须为数字",
    "must be a whole number": "须为整数",
    " (got {value})": "(输入为 {value})",
    "; ": ";",
    "input should be greater than 0": "必须大于 0",
    "input should be greater than or equal to 0": "不能小于 0",
    "input should be a valid string": "须为文字",
    "input should be a valid list": "须为列表",
    "input should be a valid boolean": "须为是或否",
}
