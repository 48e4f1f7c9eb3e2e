// Every page has a stable URL; pages load lazily so the first load carries only the shell and the catalog.
import type { RouteObject } from 'react-router';

type PageModule = Record<string, React.ComponentType>;
const page =
  (load: () => Promise<PageModule>, name: string): RouteObject['lazy'] =>
  async () => ({
    Component: (await load())[name],
  });

export const routes: RouteObject[] = [
  { path: '/', lazy: page(() => import('./pages/catalog/CatalogPage'), 'CatalogPage') },
  { path: '/datasets/:id', lazy: page(() => import('./pages/dataset/DatasetPage'), 'DatasetPage') },
  { path: '/dataset-versions/:id', lazy: page(() => import('./pages/dataset/DatasetPage'), 'DatasetVersionRedirect') },
  { path: '/models/:id', lazy: page(() => import('./pages/model/ModelPage'), 'ModelPage') },
  { path: '/model-versions/:id', lazy: page(() => import('./pages/model/ModelPage'), 'ModelVersionRedirect') },
  { path: '/orgs/:id', lazy: page(() => import('./pages/org/OrgPage'), 'OrgPage') },
  { path: '/services/:id', lazy: page(() => import('./pages/serving/ServicePage'), 'ServicePage') },
  { path: '/deployments/:id', lazy: page(() => import('./pages/serving/DeploymentPage'), 'DeploymentPage') },
  {
    path: '/deployments/:id/predict',
    lazy: page(() => import('./pages/predict/PredictPage'), 'DeploymentPredictPage'),
  },
  { path: '/services/:id/predict', lazy: page(() => import('./pages/predict/PredictPage'), 'ServicePredictPage') },
  { path: '/ocr', lazy: page(() => import('./pages/ocr/OcrPage'), 'OcrPage') },
  { path: '/hardware', lazy: page(() => import('./pages/hardware/HardwarePage'), 'HardwarePage') },
  { path: '/hardware/clusters/:id', lazy: page(() => import('./pages/hardware/ClusterPage'), 'ClusterPage') },
  { path: '/hardware/nodes/:id', lazy: page(() => import('./pages/hardware/NodePage'), 'NodePage') },
  {
    path: '/hardware/accelerators/:id',
    lazy: page(() => import('./pages/hardware/AcceleratorPage'), 'AcceleratorPage'),
  },
  { path: '/hardware/edge-nodes/:id', lazy: page(() => import('./pages/hardware/EdgeNodePage'), 'EdgeNodePage') },
  { path: '/lineage', lazy: page(() => import('./pages/lineage/LineagePage'), 'LineagePage') },
  { path: '/lineage/:id', lazy: page(() => import('./pages/lineage/LineagePage'), 'LineagePage') },
  { path: '/compliance/audit', lazy: page(() => import('./pages/compliance/AuditPage'), 'AuditPage') },
  { path: '/compliance/chain', lazy: page(() => import('./pages/compliance/ChainPage'), 'ChainPage') },
  {
    path: '/compliance/report/:deploymentId',
    lazy: page(() => import('./pages/compliance/ReportPage'), 'ReportPage'),
  },
  { path: '/knowledge', lazy: page(() => import('./pages/knowledge/AskPage'), 'AskPage') },
  {
    path: '/training-runs/:id',
    lazy: page(() => import('./pages/training/TrainingRunPage'), 'TrainingRunPage'),
  },
  {
    path: '/automl-studies/:id',
    lazy: page(() => import('./pages/training/AutoMLStudyPage'), 'AutoMLStudyPage'),
  },
  { path: '/edge-rollouts/new', lazy: page(() => import('./pages/edge/StartEdgeRolloutPage'), 'StartEdgeRolloutPage') },
  // The workflow id has slashes: the rest of the path is the id.
  { path: '/edge-rollouts/*', lazy: page(() => import('./pages/edge/EdgeRolloutPage'), 'EdgeRolloutPage') },
  {
    path: '/deployment-requests/new',
    lazy: page(() => import('./pages/deploy/RequestDeploymentPage'), 'RequestDeploymentPage'),
  },
  // The workflow id holds slashes (deployment/<service>/<request>): the rest of the path.
  { path: '/deployment-requests/*', lazy: page(() => import('./pages/deploy/RequestPage'), 'RequestPage') },
  { path: '/approvals', lazy: page(() => import('./pages/deploy/ApprovalsPage'), 'ApprovalsPage') },
  { path: '/labeling', lazy: page(() => import('./pages/labeling/ProjectsPage'), 'ProjectsPage') },
  { path: '/labeling/new', lazy: page(() => import('./pages/labeling/CreateProjectPage'), 'CreateProjectPage') },
  { path: '/labeling/:id', lazy: page(() => import('./pages/labeling/ProjectPage'), 'ProjectPage') },
  { path: '/labeling/:id/annotate', lazy: page(() => import('./pages/labeling/AnnotatePage'), 'AnnotatePage') },
  { path: '/labeling/:id/review', lazy: page(() => import('./pages/labeling/ReviewPage'), 'ReviewPage') },
  { path: '/auth/callback', element: null },
  { path: '*', lazy: page(() => import('./pages/NotFoundPage'), 'NotFoundPage') },
];
