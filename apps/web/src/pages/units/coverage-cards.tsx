import { UNIT_TYPE_CODES, UNIT_TYPES, type UnitCoverage, type UnitType } from '@xianfeng/contract'
import { useQuery } from '@tanstack/react-query'
import { Card, Col, Flex, Progress, Row, Skeleton, Statistic, Typography, theme } from 'antd'
import { QueryError } from '../../components/query-error.tsx'
import { formatCount, formatPercent } from '../../lib/format.ts'
import { useSession } from '../../lib/session.ts'
import { coverageQuery } from './unit-queries.ts'

type TypeCoverage = UnitCoverage['byType'][number]

/** Every type in its fixed order: the server leaves out a type with no unit in the scope. */
function byType(coverage: UnitCoverage): TypeCoverage[] {
  const found = new Map(coverage.byType.map((row) => [row.unitType, row]))
  return UNIT_TYPE_CODES.map(
    (unitType: UnitType) => found.get(unitType) ?? { unitType, units: 0, covered: 0, uncoveredWithInstructor: 0, employees: 0 },
  )
}

/** Party coverage of the units in the current scope: one card per unit type and the overall rate. */
export function CoverageCards() {
  const { me } = useSession()
  const coverage = useQuery(coverageQuery)

  if (coverage.isError) return <QueryError error={coverage.error} onRetry={() => void coverage.refetch()} />
  if (coverage.isPending) {
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    )
  }

  const rows = byType(coverage.data)
  const units = rows.reduce((sum, r) => sum + r.units, 0)
  const covered = rows.reduce((sum, r) => sum + r.covered, 0)

  return (
    <Card
      size="small"
      title="党组织覆盖情况"
      styles={{ header: { flexWrap: 'wrap', rowGap: 4, paddingBlock: 8 } }}
      extra={me.currentGrant && <Typography.Text type="secondary">当前范围：{me.currentGrant.orgName}</Typography.Text>}
    >
      <Flex wrap align="baseline" gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          党组织覆盖率 {formatPercent(covered, units)}（{formatCount(covered)} / {formatCount(units)}）
        </Typography.Text>
        {units === 0 && <Typography.Text type="secondary">当前范围内尚未登记单位</Typography.Text>}
      </Flex>
      <Row gutter={[16, 16]}>
        {rows.map((row) => (
          <Col xs={24} md={12} key={row.unitType}>
            <TypeCard row={row} />
          </Col>
        ))}
      </Row>
    </Card>
  )
}

function TypeCard({ row }: { row: TypeCoverage }) {
  const { token } = theme.useToken()
  const name = UNIT_TYPES[row.unitType]
  const percent = row.units === 0 ? 0 : (row.covered / row.units) * 100
  return (
    <section aria-label={`${name}覆盖情况`}>
      <Card size="small" type="inner" title={name}>
        <Row gutter={[16, 12]}>
          <Col xs={12}>
            <Statistic title="单位数" value={row.units} />
          </Col>
          <Col xs={12}>
            <Statistic title="从业人员数" value={row.employees} />
          </Col>
          <Col xs={24}>
            <Flex justify="space-between" wrap gap={8}>
              <Typography.Text type="secondary">已建立党组织</Typography.Text>
              <Typography.Text strong>
                {formatCount(row.covered)} / {formatCount(row.units)}（{formatPercent(row.covered, row.units)}）
              </Typography.Text>
            </Flex>
            <Progress
              percent={percent}
              showInfo={false}
              size="small"
              strokeColor={token.colorPrimary}
              aria-label={`${name}已建立党组织 ${formatPercent(row.covered, row.units)}`}
            />
          </Col>
          <Col xs={24}>
            <Flex justify="space-between" wrap gap={8}>
              <Typography.Text type="secondary">未建组织但已选派党建工作指导员</Typography.Text>
              <Typography.Text strong>{formatCount(row.uncoveredWithInstructor)}</Typography.Text>
            </Flex>
          </Col>
        </Row>
      </Card>
    </section>
  )
}
